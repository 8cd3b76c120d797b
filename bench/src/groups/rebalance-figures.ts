#!/usr/bin/env node
// npm run figures:rebalance — how long a group takes to consume a member's partitions again
// after (1) the member is SIGKILLed and (2) the member leaves gracefully, with the timeouts used.
import { join } from 'node:path';
import { Partitioners, type Consumer, type Producer } from 'kafkajs';
import { BrokerProcess, E2E_PROCESSES, JsonLinesProcess, kafkaClient, waitFor, waitForStableGroup } from '@orderlab/e2e';

const HEARTBEAT_MS = 500;

async function scenario(broker: BrokerProcess, name: string, sessionTimeoutMs: number, stop: (victim: JsonLinesProcess) => Promise<void>): Promise<number> {
  const topic = `figures-${name}`;
  const group = `g-${name}`;
  const admin = kafkaClient(broker.bootstrap).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
  const producer = kafkaClient(broker.bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let producing = true;
  const feed = (async (p: Producer) => {
    while (producing) {
      await p.send({ topic, messages: [{ partition: 0, value: 'x' }, { partition: 1, value: 'y' }] });
      await new Promise((r) => setTimeout(r, 20));
    }
  })(producer);
  const victim = new JsonLinesProcess(join(E2E_PROCESSES, 'manual-commit-consumer.js'), ['--bootstrap', broker.bootstrap, '--group', group, '--topic', topic, '--commit-every', '1', '--session-timeout', String(sessionTimeoutMs), '--client-id', 'victim']);
  await victim.waitForEvent('processed', 30_000);
  const survivorSeen: Array<{ partition: number; at: number }> = [];
  const survivor: Consumer = kafkaClient(broker.bootstrap, { clientId: 'survivor' }).consumer({ groupId: group, sessionTimeout: sessionTimeoutMs, heartbeatInterval: HEARTBEAT_MS, maxWaitTimeInMs: 500, rebalanceTimeout: 10_000 });
  await survivor.connect();
  await survivor.subscribe({ topic });
  await survivor.run({ eachMessage: async ({ partition }) => void survivorSeen.push({ partition, at: Date.now() }) });
  await waitForStableGroup(admin, group, 2, 2, 60_000);
  const assigned = victim.of('assigned');
  const victimPartition = ((assigned[assigned.length - 1]?.partitions as number[]) ?? [])[0] as number;
  const stoppedAt = Date.now();
  await stop(victim);
  const took = (await waitFor(() => survivorSeen.find((s) => s.partition === victimPartition && s.at >= stoppedAt), { timeoutMs: sessionTimeoutMs + 30_000, description: 'the survivor to consume the victim\'s partition' })).at - stoppedAt;
  producing = false;
  await feed;
  await survivor.disconnect();
  await producer.disconnect();
  await admin.disconnect();
  return took;
}

async function main(): Promise<void> {
  const broker = await new BrokerProcess({ args: ['--log-level', 'warn', '--group-initial-rebalance-delay-ms', '0'] }).start();
  try {
    const kill = await scenario(broker, 'sigkill', 6000, (v) => v.kill('SIGKILL'));
    const leave = await scenario(broker, 'graceful', 60_000, (v) => v.kill('SIGTERM'));
    console.log(`heartbeat interval ${HEARTBEAT_MS} ms, max wait 500 ms, rebalance timeout 10 s, group.initial.rebalance.delay.ms 0`);
    console.log(`SIGKILL of a member (session timeout 6 s):          its partition consumed again after ${kill} ms`);
    console.log(`graceful leave (LeaveGroup; session timeout 60 s):  its partition consumed again after ${leave} ms`);
  } finally {
    await broker.dispose();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

#!/usr/bin/env node
// A kafkajs group member in its own process, so a test can SIGKILL it. It commits by hand
// every --commit-every messages and prints one JSON line per event:
//   {"event":"assigned","partitions":[…]}  {"event":"processed","partition":p,"offset":o}
//   {"event":"committed","partition":p,"offset":o}   (o = the next offset to read)
// With --stall-after N it stops after its N-th message (past its last commit), so the test
// can kill it at exactly that point.
import { Kafka, logLevel } from 'kafkajs';

const arg = (name: string, fallback?: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
};

const emit = (e: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(e)}\n`);

async function main(): Promise<void> {
  const commitEvery = Number(arg('commit-every', '10'));
  const stallAfter = Number(arg('stall-after', '0'));
  const topic = arg('topic');
  const kafka = new Kafka({ clientId: arg('client-id', 'manual-committer'), brokers: [arg('bootstrap')], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: arg('group'), sessionTimeout: Number(arg('session-timeout', '6000')), heartbeatInterval: 500, maxWaitTimeInMs: 500, rebalanceTimeout: 10_000 });
  consumer.on(consumer.events.GROUP_JOIN, (e) => emit({ event: 'assigned', partitions: e.payload.memberAssignment[topic] ?? [] }));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let processed = 0;
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      emit({ event: 'processed', partition, offset: Number(message.offset), value: message.value?.toString() });
      processed++;
      if (processed % commitEvery === 0) {
        const next = String(Number(message.offset) + 1);
        await consumer.commitOffsets([{ topic, partition, offset: next }]);
        emit({ event: 'committed', partition, offset: Number(next) });
      }
      if (stallAfter > 0 && processed === stallAfter) {
        emit({ event: 'stalled' });
        await new Promise(() => undefined); // wait here for the SIGKILL
      }
    },
  });
  const stop = (): void => void consumer.disconnect(); // leaving the group ends the process
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

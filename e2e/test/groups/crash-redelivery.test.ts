import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Partitioners, type Admin, type Consumer } from 'kafkajs';
import { BrokerProcess, E2E_PROCESSES, JsonLinesProcess, kafkaClient, waitFor, waitForStableGroup } from '../../src';

let broker: BrokerProcess;
let admin: Admin;
let survivor: Consumer | undefined;

before(async () => {
  broker = await new BrokerProcess({ args: ['--group-initial-rebalance-delay-ms', '300'] }).start();
  admin = kafkaClient(broker.bootstrap).admin();
  await admin.connect();
});

after(async () => {
  await survivor?.disconnect().catch(() => undefined);
  await admin?.disconnect();
  await broker?.dispose();
});

test('at-least-once window: a member SIGKILLed past its last commit has exactly its uncommitted messages re-delivered', async () => {
  await admin.createTopics({ topics: [{ topic: 'work', numPartitions: 1 }] });
  const producer = kafkaClient(broker.bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({ topic: 'work', messages: Array.from({ length: 50 }, (_, i) => ({ value: `job-${i}` })) });
  await producer.disconnect();

  // The victim runs in its own process: commits every 10 messages, stalls after its 15th.
  const victim = new JsonLinesProcess(join(E2E_PROCESSES, 'manual-commit-consumer.js'), [
    '--bootstrap', broker.bootstrap, '--group', 'g-crash', '--topic', 'work', '--commit-every', '10', '--stall-after', '15', '--client-id', 'victim',
  ]);
  await victim.waitForEvent('stalled', 30_000);
  const committed = victim.of('committed').map((e) => e.offset as number);
  const processed = victim.of('processed').map((e) => e.offset as number);
  assert.deepEqual(committed, [10], 'one commit: offset 10 = the next offset to read after 0..9');
  assert.deepEqual(processed, Array.from({ length: 15 }, (_, i) => i));
  await victim.kill('SIGKILL');
  const killedAt = Date.now();

  const seen: number[] = [];
  survivor = kafkaClient(broker.bootstrap, { clientId: 'survivor' }).consumer({ groupId: 'g-crash', sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 500, rebalanceTimeout: 10_000 });
  await survivor.connect();
  await survivor.subscribe({ topic: 'work', fromBeginning: true });
  await survivor.run({ eachMessage: async ({ message }) => void seen.push(Number(message.offset)) });
  await waitForStableGroup(admin, 'g-crash', 1, 1, 30_000);
  await waitFor(() => seen.length >= 40, { timeoutMs: 20_000, description: 'the survivor reads the rest' });
  console.log(`the victim's partition was consumed again ${Date.now() - killedAt} ms after its SIGKILL (session timeout 6 s)`);
  const redelivered = seen.filter((o) => processed.includes(o));
  assert.deepEqual(redelivered, [10, 11, 12, 13, 14], 'exactly the messages processed after the last commit come again');
  assert.equal(seen[0], 10, 'consumption resumes at the committed offset');
  assert.match(broker.logs, /of group g-crash removed: failed: session timeout \(6000 ms\) expired/);
});

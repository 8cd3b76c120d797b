import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Partitioners } from 'kafkajs';
import { BrokerProcess, kafkaClient } from '../../src';
import { createFuzzTopics, fuzzLiveBroker } from '../../src/fuzz/live-fuzz';

const SECONDS = Number(process.env.LIVE_FUZZ_SECONDS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

let broker: BrokerProcess;
before(async () => {
  broker = await new BrokerProcess({ args: ['--log-level', 'warn'] }).start();
});
after(async () => {
  await broker?.dispose();
});

test(`${SECONDS} s of random and mutated frames leave the broker serving (FUZZ_SEED=${SEED})`, { timeout: (SECONDS + 60) * 1000 }, async () => {
  console.log(`live fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
  await createFuzzTopics(broker.bootstrap);
  const report = await fuzzLiveBroker(broker.port, SECONDS * 1000, SEED);
  console.log(`live fuzz: ${report.frames} frames on ${report.connections} connections, ${report.closedByBroker} closed by the broker`);
  assert.ok(report.frames > 1000, 'the fuzzer sent a meaningful number of frames');
  const handlerFailures = broker.logs.split('\n').filter((l) => l.includes('handler failed'));
  assert.deepEqual(handlerFailures.slice(0, 3), [], 'no handler threw on fuzzed input (a thrown handler is a bug even if the broker survives)');
  assert.ok(broker.alive, `the broker process is alive:\n${broker.logs.slice(-2000)}`);
  const producer = kafkaClient(broker.bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const [meta] = await producer.send({ topic: 'fuzz', messages: [{ value: 'still serving' }] });
  await producer.disconnect();
  assert.equal(meta?.errorCode, 0);
});

#!/usr/bin/env node
// `npm run fuzz -- --minutes N [--seed S]`: a longer soak of random and mutated frames
// against a freshly started broker, which must still serve a normal client afterwards.
import { Command } from 'commander';
import { Partitioners } from 'kafkajs';
import { BrokerProcess } from '../helpers/broker-process';
import { kafkaClient } from '../helpers/kafkajs-client';
import { createFuzzTopics, fuzzLiveBroker } from './live-fuzz';

async function main(): Promise<void> {
  const o = new Command()
    .option('--minutes <n>', 'how long to fuzz', '5')
    .option('--seed <n>', 'replay a seed', String(Date.now() % 2 ** 31))
    .parse(process.argv)
    .opts<{ minutes: string; seed: string }>();
  const broker = await new BrokerProcess({ args: ['--log-level', 'warn'] }).start();
  try {
    await createFuzzTopics(broker.bootstrap);
    const report = await fuzzLiveBroker(broker.port, Number(o.minutes) * 60_000, Number(o.seed));
    console.log(`fuzz seed ${report.seed}: ${report.frames} frames on ${report.connections} connections, ${report.closedByBroker} closed by the broker`);
    if (!broker.alive) throw new Error(`the broker died:\n${broker.logs}`);
    const producer = kafkaClient(broker.bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic: 'fuzz', messages: [{ value: 'ok' }] });
    await producer.disconnect();
    console.log('the broker still serves kafkajs after the fuzz');
  } finally {
    await broker.dispose();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

#!/usr/bin/env node
// npm run bench:broker — the broker beside its peers, in one run, on one fixed workload.
import { Kafka, logLevel } from 'kafkajs';
import { BrokerProcess, RawKafkaClient, fetchOnce } from '@orderlab/e2e';
import { fetchReader } from './fetch-reader';
import { ingestLoad } from './ingest-load';
import { kafkajsDecodeCeiling, kafkajsEncodeCeiling } from './kafkajs-ceiling';
import { kafkajsConsume } from './kafkajs-consume';
import { kafkajsProduce } from './kafkajs-produce';
import { RedisServerProcess, peakRss } from './redis-server-process';
import { redisConsume, redisProduce } from './redis-streams';
import { WORKLOAD, recordsPerSecond, watchServer, type Measurement } from './workload';

async function createTopic(bootstrap: string, topic: string): Promise<void> {
  const admin = new Kafka({ clientId: 'bench', brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: WORKLOAD.partitions }] });
  await admin.disconnect();
}

function row(m: Measurement): string {
  const rps = recordsPerSecond(m);
  const cpu = `cpu: client ${m.clientCpu.toFixed(2)} s, server ${m.serverCpu.toFixed(2)} s`;
  return `${m.name.padEnd(48)} ${Math.round(rps).toLocaleString('en-US').padStart(12)} rec/s ${(m.bytes / m.seconds / 1e6).toFixed(1).padStart(8)} MB/s  ${m.seconds.toFixed(2).padStart(6)} s  ${cpu}`;
}

function ratio(label: string, a: Measurement, b: Measurement, target?: number): string {
  const r = recordsPerSecond(a) / recordsPerSecond(b);
  const verdict = target === undefined ? '' : r >= target ? `  ✔ target ≥ ${target}×` : `  ✘ target ≥ ${target}×`;
  return `${label.padEnd(60)} ${r.toFixed(2)}×${verdict}`;
}

async function main(): Promise<void> {
  console.log(`workload: ${WORKLOAD.recordsPerBatch} records × ${WORKLOAD.valueBytes} B per send, ${WORKLOAD.partitions} partitions, ${WORKLOAD.inFlight} requests in flight, acks=1`);
  // No initial rebalance delay: the consume figure measures reading, not Kafka's 3 s wait for more joiners.
  const broker = await new BrokerProcess({ args: ['--log-level', 'warn', '--group-initial-rebalance-delay-ms', '0'] }).start();
  const redis = await new RedisServerProcess().start();
  try {
    await createTopic(broker.bootstrap, WORKLOAD.topic);
    await createTopic(broker.bootstrap, 'bench-kafkajs');
    watchServer(broker.pid);
    const ingest = await ingestLoad(broker.port);
    const produce = await kafkajsProduce(broker.bootstrap, 'bench-kafkajs');
    const read = await fetchReader(broker.port, 'bench-kafkajs', WORKLOAD.clientRecords);
    const consume = await kafkajsConsume(broker.bootstrap, 'bench-kafkajs', WORKLOAD.clientRecords);
    watchServer(redis.pid);
    const redisIn = await redisProduce(redis.port);
    const redisOut = await redisConsume(redis.port);
    watchServer(undefined);
    const encode = await kafkajsEncodeCeiling();
    const raw = await RawKafkaClient.connect(broker.port);
    const stored = (await fetchOnce(raw, 'bench-kafkajs', 0, 0)).batches.slice(0, 8);
    raw.close();
    const decode = await kafkajsDecodeCeiling(stored);
    const brokerRss = broker.pid ? peakRss(broker.pid) : 0;

    console.log('');
    for (const m of [ingest, produce, read, consume, redisIn, redisOut, encode, decode]) console.log(row(m));
    console.log('');
    console.log(`(a) target: ≥ 1,000,000 rec/s → ${recordsPerSecond(ingest) >= 1_000_000 ? '✔' : '✘'} ${Math.round(recordsPerSecond(ingest)).toLocaleString('en-US')} rec/s`);
    const produceTarget = Math.min(2 * recordsPerSecond(redisIn), 0.8 * recordsPerSecond(encode));
    console.log(ratio('(b) kafkajs produce / Redis Streams produce', produce, redisIn));
    console.log(ratio('(b) kafkajs produce / kafkajs encode ceiling', produce, encode));
    console.log(`(b) target: ≥ min(2× Redis, 80% of ceiling) = ${Math.round(produceTarget).toLocaleString('en-US')} rec/s → ${recordsPerSecond(produce) >= produceTarget ? '✔' : '✘'}`);
    console.log(ratio('(b) our Fetch reader / Redis Streams consume', read, redisOut));
    console.log(ratio('(b) kafkajs group consumer / Redis Streams consume', consume, redisOut));
    console.log(ratio('(b) kafkajs group consumer / kafkajs decode ceiling', consume, decode));
    const consumeTarget = Math.min(2 * recordsPerSecond(redisOut), 0.8 * recordsPerSecond(decode));
    console.log(`(b) consume target: ≥ min(2× Redis, 80% of decode ceiling) = ${Math.round(consumeTarget).toLocaleString('en-US')} rec/s → ${recordsPerSecond(consume) >= consumeTarget ? '✔' : '✘'}`);
    console.log(`broker peak RSS: ${(brokerRss / 1024).toFixed(0)} MB (target < 300 MB) → ${brokerRss / 1024 < 300 ? '✔' : '✘'}; redis-server peak RSS: ${(redis.peakRssKb() / 1024).toFixed(0)} MB`);
  } finally {
    await redis.stop();
    await broker.dispose();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

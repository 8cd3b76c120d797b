import { Kafka, logLevel } from 'kafkajs';
import { WORKLOAD, measure, type Measurement } from './workload';

/**
 * (b) A kafkajs group consumer reading every record back (eachBatch, offsets committed as it
 * goes). Timed from the first batch to the last, so the figure is reading, not joining the group.
 */
export async function kafkajsConsume(bootstrap: string, topic: string, expected: number): Promise<Measurement> {
  const kafka = new Kafka({ clientId: 'bench-consumer', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-${Date.now()}`, maxWaitTimeInMs: 100, sessionTimeout: 30_000, maxBytesPerPartition: 4 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let read = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  let first: () => void = () => undefined;
  const started = new Promise<void>((r) => (first = r));
  await consumer.run({
    partitionsConsumedConcurrently: WORKLOAD.partitions,
    eachBatch: async ({ batch }) => {
      if (read === 0) first();
      read += batch.messages.length;
      if (read >= expected) done();
    },
  });
  await started;
  const m = await measure('(b) kafkajs group consumer', expected, WORKLOAD.valueBytes, () => finished);
  await consumer.disconnect();
  return m;
}

import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { WORKLOAD, key, measure, value, type Measurement } from './workload';

/** (b) kafkajs producing 1,000,000 keyed records, 1,000 per send, WORKLOAD.inFlight sends at once, acks=1. */
export async function kafkajsProduce(bootstrap: string, topic: string): Promise<Measurement> {
  const kafka = new Kafka({ clientId: 'bench', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const sends = WORKLOAD.clientRecords / WORKLOAD.recordsPerBatch;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < sends) {
      const base = next++ * WORKLOAD.recordsPerBatch;
      const messages = Array.from({ length: WORKLOAD.recordsPerBatch }, (_, i) => ({ key: key(base + i), value: value(base + i) }));
      await producer.send({ topic, acks: 1, messages });
    }
  };
  const m = await measure('(b) kafkajs produce, keyed', WORKLOAD.clientRecords, WORKLOAD.valueBytes, async () => {
    await Promise.all(Array.from({ length: WORKLOAD.inFlight }, lane));
  });
  await producer.disconnect();
  return m;
}

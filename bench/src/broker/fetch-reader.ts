import { FetchRequest, FetchResponse, decodeBatchRecords } from '@orderlab/kafka-protocol';
import { RawKafkaClient, splitBatches } from '@orderlab/e2e';
import { WORKLOAD, measure, type Measurement } from './workload';

/** (b) Our own Fetch reader: Fetch v11 over every partition, records decoded, until all are read. */
export async function fetchReader(port: number, topic: string, expected: number): Promise<Measurement> {
  const client = await RawKafkaClient.connect(port);
  const offsets = new Array<number>(WORKLOAD.partitions).fill(0);
  let read = 0;
  const m = await measure('(b) our Fetch reader', expected, WORKLOAD.valueBytes, async () => {
    while (read < expected) {
      const res = await client.send(FetchRequest, FetchResponse, 11, {
        replicaId: -1,
        maxWaitMs: 500,
        minBytes: 1,
        maxBytes: 50 * 1024 * 1024,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [{ topic, partitions: offsets.map((fetchOffset, partition) => ({ partition, fetchOffset, partitionMaxBytes: 4 * 1024 * 1024, currentLeaderEpoch: -1, logStartOffset: -1 })) }],
        forgottenTopicsData: [],
        rackId: '',
      });
      for (const p of res.responses[0]?.partitions ?? []) {
        for (const batch of splitBatches(p.records)) {
          for (const r of decodeBatchRecords(batch)) {
            if (r.offset < (offsets[p.partitionIndex] as number)) continue;
            offsets[p.partitionIndex] = r.offset + 1;
            read++;
          }
        }
      }
    }
  });
  client.close();
  return m;
}

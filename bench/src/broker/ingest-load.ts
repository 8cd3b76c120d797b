import { ProduceRequest, ProduceResponse, decodeResponse, encodeRecordBatch, encodeRequest } from '@orderlab/kafka-protocol';
import { RawKafkaClient } from '@orderlab/e2e';
import { WORKLOAD, measure, value, type Measurement } from './workload';

/**
 * (a) The broker's own ingest: pre-encoded RecordBatches (1,000 records of 100 bytes)
 * sent over two connections with WORKLOAD.inFlight requests in flight, acks=1.
 * Only the correlation id is patched per send, so the client costs almost nothing.
 */
export async function ingestLoad(port: number): Promise<Measurement> {
  const frames = Array.from({ length: WORKLOAD.partitions }, (_, p) => {
    const batch = encodeRecordBatch({
      records: Array.from({ length: WORKLOAD.recordsPerBatch }, (_, i) => ({ value: value(i) })),
      baseTimestamp: Date.now(),
    });
    return encodeRequest(ProduceRequest, 7, 0, 'bench', {
      transactionalId: null,
      acks: 1,
      timeoutMs: 30_000,
      topicData: [{ name: WORKLOAD.topic, partitionData: [{ index: p, records: batch }] }],
    });
  });
  const requests = WORKLOAD.ingestRecords / WORKLOAD.recordsPerBatch;
  const clients = await Promise.all([RawKafkaClient.connect(port), RawKafkaClient.connect(port)]);
  let next = 0;
  let correlation = 1;
  const lane = async (client: RawKafkaClient): Promise<void> => {
    while (next < requests) {
      const n = next++;
      const frame = Buffer.from(frames[n % frames.length] as Buffer);
      const id = correlation++;
      frame.writeInt32BE(id, 8);
      const res = decodeResponse(ProduceResponse, 7, await client.sendRaw(frame, id)).body;
      const code = res.responses[0]?.partitionResponses[0]?.errorCode;
      if (code !== 0) throw new Error(`ingest produce failed with error ${code}`);
    }
  };
  const bytesPerRecord = (frames[0] as Buffer).length / WORKLOAD.recordsPerBatch;
  const m = await measure('(a) broker ingest, pre-encoded batches', WORKLOAD.ingestRecords, bytesPerRecord, async () => {
    await Promise.all(Array.from({ length: WORKLOAD.inFlight }, (_, i) => lane(clients[i % 2] as RawKafkaClient)));
  });
  for (const c of clients) c.close();
  return m;
}

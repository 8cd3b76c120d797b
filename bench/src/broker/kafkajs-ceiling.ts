import { FetchResponse, encodeResponse, readBatchHeader } from '@orderlab/kafka-protocol';
import { WORKLOAD, key, measure, value, type Measurement } from './workload';

/* kafkajs's own protocol code, used as an independent encoder/decoder with no broker at all. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const produceV7 = require('kafkajs/src/protocol/requests/produce/v7/request') as (args: unknown) => { encode(): Promise<{ buffer: Buffer }> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fetchV11 = require('kafkajs/src/protocol/requests/fetch/v11/response') as { decode(b: Buffer): Promise<{ responses: Array<{ partitions: Array<{ messages: unknown[] }> }> }> };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Partitioners } = require('kafkajs') as { Partitioners: { DefaultPartitioner: () => (args: unknown) => number } };

/**
 * (d) kafkajs's encode ceiling: the same request shape a keyed send produces — kafkajs's
 * DefaultPartitioner picks each record's partition, records are grouped per partition,
 * and the Produce v7 request is encoded (RecordBatch, varints, CRC-32C) and discarded.
 */
export async function kafkajsEncodeCeiling(): Promise<Measurement> {
  const sends = WORKLOAD.clientRecords / WORKLOAD.recordsPerBatch;
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: WORKLOAD.partitions }, (_, partitionId) => ({ partitionId, leader: 1 }));
  return measure('(d) kafkajs encode ceiling (no broker)', WORKLOAD.clientRecords, WORKLOAD.valueBytes, async () => {
    for (let s = 0; s < sends; s++) {
      const base = s * WORKLOAD.recordsPerBatch;
      const byPartition = new Map<number, unknown[]>();
      for (let i = 0; i < WORKLOAD.recordsPerBatch; i++) {
        const message = { key: key(base + i), value: value(base + i), timestamp: Date.now() };
        const partition = partitioner({ topic: WORKLOAD.topic, partitionMetadata, message });
        const list = byPartition.get(partition);
        if (list) list.push(message);
        else byPartition.set(partition, [message]);
      }
      const partitions = [...byPartition].map(([partition, messages]) => ({ partition, messages }));
      await produceV7({ acks: 1, timeout: 30000, compression: 0, topicData: [{ topic: WORKLOAD.topic, partitions }] }).encode();
    }
  });
}

/** (d) kafkajs's decode ceiling: a Fetch v11 response holding batches the broker stored, decoded by kafkajs until 1M records. */
export async function kafkajsDecodeCeiling(storedBatches: readonly Buffer[]): Promise<Measurement> {
  const records = storedBatches.reduce((n, b) => n + readBatchHeader(b).recordsCount, 0);
  const body = encodeResponse(FetchResponse, 11, 0, {
    throttleTimeMs: 0,
    errorCode: 0,
    sessionId: 0,
    responses: [{ topic: WORKLOAD.topic, partitions: [{ partitionIndex: 0, errorCode: 0, highWatermark: records, lastStableOffset: records, logStartOffset: 0, abortedTransactions: null, preferredReadReplica: -1, records: Buffer.concat(storedBatches) }] }],
  });
  const payload = Buffer.concat(body).subarray(8); // drop size and correlation id, as kafkajs's connection does
  const rounds = Math.ceil(WORKLOAD.clientRecords / records);
  return measure('(d) kafkajs decode ceiling (no broker)', rounds * records, WORKLOAD.valueBytes, async () => {
    for (let i = 0; i < rounds; i++) {
      const decoded = await fetchV11.decode(payload);
      if ((decoded.responses[0]?.partitions[0]?.messages.length ?? 0) !== records) throw new Error('kafkajs decoded a different number of records');
    }
  });
}

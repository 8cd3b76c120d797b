import type { PlacedOrderAnswer } from '@orderlab/cli';
import { decodeBatchRecords, readBatchHeader } from '@orderlab/kafka-protocol';
import { readReplicaLog } from '../checker/replica-logs';
import type { ClusterProcess } from './cluster-process';

/**
 * For acknowledged orders a consumer never applied: where each one is on every replica's files —
 * at the offset the order service was answered, at another offset, or nowhere — so a failure
 * tells a lost acknowledged write (nowhere on any replica) from a stuck consumer (on the files).
 */
export function locateOrders(cluster: ClusterProcess, topic: string, orders: readonly PlacedOrderAnswer[]): string[] {
  const lines: string[] = [];
  for (const o of orders) {
    const where = cluster.brokers.map((b) => {
      const log = readReplicaLog(b.dataDir, b.nodeId, topic, o.partition);
      const end = log.batches.reduce((n, x) => Math.max(n, x.lastOffset + 1), 0);
      const offsets = log.batches.flatMap((x) => decodeBatchRecords(x.bytes).filter((r) => r.value?.toString().includes(o.orderId)).map((r) => r.offset));
      const batch = log.batches.find((x) => x.baseOffset <= o.offset && o.offset <= x.lastOffset);
      const h = batch && readBatchHeader(batch.bytes);
      const there = batch && decodeBatchRecords(batch.bytes).find((r) => r.offset === o.offset);
      const held = h ? `; at ${o.offset}: ${orderIdIn(there?.value)} in batch ${h.baseOffset}-${batch.lastOffset} epoch ${h.partitionLeaderEpoch} producer ${h.producerId}/${h.producerEpoch} seq ${h.baseSequence}` : '';
      return `b${b.nodeId}: ${offsets.length ? `at ${offsets.join(',')}` : 'absent'} (log end ${end}${held})`;
    });
    lines.push(`${o.orderId} answered ${o.partition}:${o.offset} → ${where.join('; ')}`);
  }
  return lines;
}

function orderIdIn(value: Buffer | null | undefined): string {
  return /"orderId":"([^"]+)"/.exec(value?.toString() ?? '')?.[1] ?? 'no order';
}

/** One line per batch of a replica's partition: offsets, leader epoch, producer id/epoch, first sequence and the order ids it holds. */
export function describeBatches(dataDir: string, brokerId: number, topic: string, partition: number): string {
  return readReplicaLog(dataDir, brokerId, topic, partition)
    .batches.map((b) => {
      const h = readBatchHeader(b.bytes);
      const ids = decodeBatchRecords(b.bytes).map((r) => orderIdIn(r.value).slice(0, 8));
      return `p${partition} ${h.baseOffset}-${b.lastOffset} e${h.partitionLeaderEpoch} pid ${h.producerId}/${h.producerEpoch} seq ${h.baseSequence} ${ids.join(',')}`;
    })
    .join('\n');
}

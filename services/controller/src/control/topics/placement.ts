import { ErrorCode } from '@orderlab/kafka-protocol';
import { apiError, type ApiError } from '../control-result';

/**
 * Replica placement over the active brokers (unfenced, not shutting down), striped like Kafka's
 * placers: brokers sorted by id, partition p's replicas start at broker (start + p) and walk
 * on, so leaders and followers spread round-robin. `start` is random per topic (the caller's
 * injected randomness), so partition 0 of every topic does not land on the same broker.
 * Not rack-aware.
 */
export function placeReplicas(
  activeBrokers: readonly number[],
  count: number,
  replicationFactor: number,
  firstPartition: number,
  start: number,
): { ok: true; replicas: number[][] } | { ok: false; error: ApiError } {
  const brokers = [...activeBrokers].sort((a, b) => a - b);
  const unable = `Unable to replicate the partition ${replicationFactor} time(s): `;
  if (brokers.length === 0) {
    return { ok: false, error: apiError(ErrorCode.INVALID_REPLICATION_FACTOR, `${unable}All brokers are currently fenced or in controlled shutdown.`) };
  }
  if (replicationFactor > brokers.length) {
    const why = `The target replication factor of ${replicationFactor} cannot be reached because only ${brokers.length} broker(s) are registered and unfenced.`;
    return { ok: false, error: apiError(ErrorCode.INVALID_REPLICATION_FACTOR, unable + why) };
  }
  const replicas: number[][] = [];
  for (let p = firstPartition; p < firstPartition + count; p++) {
    replicas.push(Array.from({ length: replicationFactor }, (_, r) => brokers[(start + p + r) % brokers.length] as number));
  }
  return { ok: true, replicas };
}

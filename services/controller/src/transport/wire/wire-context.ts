import { ErrorCode } from '@orderlab/kafka-protocol';
import type { LogBatch } from '@orderlab/raft';

/** The metadata partition's name and topic id on the wire (Kafka's Topic.METADATA_TOPIC_NAME and Uuid.METADATA_TOPIC_ID = (0, 1)). */
export const METADATA_TOPIC_NAME = '__cluster_metadata';
export const METADATA_TOPIC_ID = Buffer.from('00000000000000000000000000000001', 'hex');
export const METADATA_PARTITION_INDEX = 0;
/** The listener name controllers advertise (Kafka's controller.listener.names convention). */
export const CONTROLLER_LISTENER = 'CONTROLLER';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** What the wire mappings need to know about this node and its quorum. */
export interface WireContext {
  readonly nodeId: number;
  readonly clusterId: string;
  endpointOf(nodeId: number): Endpoint | undefined;
  /** LogBatch → RecordBatch bytes (the metadata log's format), concatenated. */
  encodeBatches(batches: readonly LogBatch[]): Buffer;
  /** RecordBatch bytes → LogBatch; throws DecodeError on bytes it cannot follow. */
  decodeBatches(bytes: Buffer): LogBatch[];
  /** A request of another cluster was refused (logged once per cluster id). */
  onForeignCluster(clusterId: string): void;
}

/** An inbound request as raft sees it, or the error to answer it with at once. */
export type FromWire<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly errorCode: number; readonly partitionLevel: boolean };

export const refuse = (errorCode: number, partitionLevel = false): FromWire<never> => ({ ok: false, errorCode, partitionLevel });

/** Kafka's cluster id check on Raft RPCs: absent (null) is accepted from older senders. */
export function clusterIdError(ctx: WireContext, clusterId: string | null | undefined): number {
  if (clusterId === null || clusterId === undefined || clusterId === ctx.clusterId) return ErrorCode.NONE;
  ctx.onForeignCluster(clusterId);
  return ErrorCode.INCONSISTENT_CLUSTER_ID;
}

/** The one partition a Raft RPC must name: `__cluster_metadata-0`. */
export function isMetadataPartition(topicName: string, partition: number): boolean {
  return topicName === METADATA_TOPIC_NAME && partition === METADATA_PARTITION_INDEX;
}

export function nodeEndpoints(ctx: WireContext, leaderId: number): Array<{ nodeId: number; host: string; port: number }> {
  const e = leaderId >= 0 ? ctx.endpointOf(leaderId) : undefined;
  return e ? [{ nodeId: leaderId, host: e.host, port: e.port }] : [];
}

export function leaderEndpoints(ctx: WireContext): Array<{ name: string; host: string; port: number }> {
  const e = ctx.endpointOf(ctx.nodeId);
  return e ? [{ name: CONTROLLER_LISTENER, host: e.host, port: e.port }] : [];
}

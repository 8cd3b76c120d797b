import { Reader, decodeMessage, encodeMessage, type MessageInput, type MessageOf, type MessageSpec } from '@orderlab/kafka-protocol';
import { splitRecordBatches } from '@orderlab/metadata';
import { LogBatchCodec } from '../../../src/storage/log-batch-codec';
import type { WireContext } from '../../../src/transport/wire/wire-context';

export const CLUSTER = 'wire-test-cluster';

export function wireContext(nodeId = 1, foreign: string[] = []): WireContext {
  const codec = new LogBatchCodec(() => 1000);
  return {
    nodeId,
    clusterId: CLUSTER,
    endpointOf: (id) => (id >= 1 && id <= 3 ? { host: 'localhost', port: 9092 + id } : undefined),
    encodeBatches: (bs) => Buffer.concat(bs.map((b) => codec.encode(b))),
    decodeBatches: (bytes) => splitRecordBatches(bytes).map((b) => codec.decode(Buffer.from(b))),
    onForeignCluster: (id) => foreign.push(id),
  };
}

/** Through the real codec: what the peer would decode from our bytes. */
export function viaWire<M extends MessageSpec>(spec: M, version: number, value: MessageInput<M>): MessageOf<M> {
  return decodeMessage(spec, version, new Reader(encodeMessage(spec, version, value).toBuffer()));
}

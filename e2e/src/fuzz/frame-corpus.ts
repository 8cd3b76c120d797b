import { ApiKey, apiSchemas, encodeRecordBatch, encodeRequest, type MessageSpec } from '@orderlab/kafka-protocol';
import type { SeededRandom } from './seeded-random';

/**
 * Valid request frames for every API the broker advertises, used as seeds for mutation.
 * Admin APIs that create or delete resources are left out of the live fuzz: a mutated
 * valid CreateTopics would legitimately create topics, which tests nothing but disk space.
 */
const EXCLUDED = new Set<number>([ApiKey.CreateTopics, ApiKey.DeleteTopics, ApiKey.CreatePartitions, ApiKey.AlterConfigs, ApiKey.DeleteGroups]);

export function seedFrames(advertised: ReadonlyArray<{ apiKey: number; minVersion: number; maxVersion: number }>): Buffer[] {
  const frames: Buffer[] = [];
  const batch = encodeRecordBatch({ records: [{ key: 'k', value: 'fuzz', headers: { h: 'v' } }] });
  for (const { apiKey, minVersion, maxVersion } of advertised) {
    const schemas = apiSchemas.get(apiKey);
    if (!schemas || EXCLUDED.has(apiKey)) continue;
    for (let v = minVersion; v <= maxVersion; v++) frames.push(encodeRequest(schemas.request, v, 1, 'fuzz', sampleBody(schemas.request, batch) as never));
  }
  return frames;
}

function sampleBody(spec: MessageSpec, batch: Buffer): Record<string, unknown> {
  if (spec.apiKey === ApiKey.Produce) {
    return { transactionalId: null, acks: 1, timeoutMs: 100, topicData: [{ name: 'fuzz', partitionData: [{ index: 0, records: batch }] }] };
  }
  if (spec.apiKey === ApiKey.Fetch) {
    return { replicaId: -1, maxWaitMs: 10, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, topics: [{ topic: 'fuzz', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1, logStartOffset: -1 }] }], forgottenTopicsData: [], rackId: '' };
  }
  if (spec.apiKey === ApiKey.Metadata) return { topics: [{ name: 'fuzz' }], allowAutoTopicCreation: false };
  return {};
}

/** One hostile frame: random bytes, or a valid frame with bits flipped, cut, extended or its lengths corrupted. */
export function mutate(rng: SeededRandom, seeds: readonly Buffer[]): Buffer {
  const kind = rng.int(6);
  if (kind === 0) return withSize(rng.bytes(rng.int(64)));
  const base = Buffer.from(rng.pick(seeds));
  if (kind === 1) {
    for (let i = 0, n = 1 + rng.int(4); i < n; i++) base[4 + rng.int(base.length - 4)] ^= 1 << rng.int(8);
    return base;
  }
  if (kind === 2) return withSize(base.subarray(4, 4 + rng.int(base.length - 4)));
  if (kind === 3) return withSize(Buffer.concat([base.subarray(4), rng.bytes(1 + rng.int(16))]));
  if (kind === 4) {
    const at = 14 + rng.int(Math.max(1, base.length - 18));
    if (at + 4 <= base.length) base.writeInt32BE(rng.pick([-2, -1, 0x7fffffff, rng.int(1 << 20)]), at);
    return base;
  }
  const at = 4 + rng.int(4);
  base.writeInt16BE(rng.int(60), at); // a random api key or version
  return base;
}

function withSize(body: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

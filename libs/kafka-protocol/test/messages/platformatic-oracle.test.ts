import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFixture } from './group-kit';

/**
 * @platformatic/kafka 1.34 as a second, independent implementation of the flexible versions it
 * knows (kafkajs stops before flexible versions): its request encoders must produce our
 * hand-written fixtures byte for byte, and its response decoders must read our fixtures as the
 * values written in their comments. Where platformatic disagrees with Kafka's JSON it is not
 * used: AlterPartition v3 (it writes the topic id as a string and the ISR as one int32) and the
 * OffsetForLeaderEpoch v4 response (it reads Partition before ErrorCode). Its decoders leave the
 * top-level tag buffer to the caller, so what they leave must be exactly one tag buffer. Its
 * reader skips a tag buffer as if its first varint were a byte length, so it cannot read a
 * non-empty one: the Fetch v12 and v16 fixtures, which carry tagged fields, are not given to it.
 */
interface PlatformaticWriter {
  readonly buffer: Buffer;
}
interface PlatformaticReader {
  readonly position: number;
  readonly buffer: Buffer;
}
interface PlatformaticApi {
  createRequest(...args: unknown[]): PlatformaticWriter;
  parseResponse(correlationId: number, apiKey: number, apiVersion: number, reader: PlatformaticReader): unknown;
}
const platformatic = createRequire(__filename)('@platformatic/kafka') as Record<string, PlatformaticApi> & { Reader: { from(b: Buffer): PlatformaticReader } };

const T = '__cluster_metadata';
const TOPIC_ID = '7d4c6a52-b8e9-4f0e-9a3b-1c2d3e4f5061';

function api(name: string): PlatformaticApi {
  const a = platformatic[name];
  assert.ok(a, `@platformatic/kafka exports ${name}`);
  return a;
}

/** A tag buffer: uvarint count, then (uvarint tag, uvarint size, bytes) each; nothing after it. */
function assertIsTagBuffer(rest: Buffer): void {
  let at = 0;
  const uvarint = (): number => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = rest[at++] as number;
      v |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return v;
    }
  };
  const count = uvarint();
  for (let i = 0; i < count; i++) {
    uvarint();
    at += uvarint();
  }
  assert.equal(at, rest.length, 'the bytes platformatic left are exactly one tag buffer');
}

function parse(name: string, apiKey: number, version: number, dir: string): unknown {
  const fixture = readFixture(dir, version, 'response');
  const reader = platformatic.Reader.from(fixture);
  const value = api(name).parseResponse(1, apiKey, version, reader);
  assertIsTagBuffer(fixture.subarray(reader.position));
  return value;
}

test('DescribeQuorum v2 (platformatic): its request encoder writes our fixture, its decoder reads our response', () => {
  const req = api('describeQuorumV2').createRequest([{ topicName: T, partitions: [{ partitionIndex: 0 }] }]);
  assert.equal(req.buffer.toString('hex'), readFixture('describe-quorum', 2, 'request').toString('hex'));
  const res = parse('describeQuorumV2', 55, 2, 'describe-quorum') as { topics: Array<{ partitions: Array<Record<string, unknown>> }>; nodes: unknown };
  const p = res.topics[0]?.partitions[0] as Record<string, unknown>;
  assert.deepEqual([p.leaderId, p.leaderEpoch, p.highWatermark], [1, 7, 4242n]);
  assert.deepEqual(p.currentVoters, [
    { replicaId: 1, replicaDirectoryId: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', logEndOffset: 4250n, lastFetchTimestamp: -1n, lastCaughtUpTimestamp: 1700000000500n },
    { replicaId: 2, replicaDirectoryId: 'bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb', logEndOffset: 4242n, lastFetchTimestamp: 1700000000400n, lastCaughtUpTimestamp: 1700000000400n },
  ]);
  assert.deepEqual(p.observers, [{ replicaId: 101, replicaDirectoryId: '00000000-0000-0000-0000-000000000000', logEndOffset: 4200n, lastFetchTimestamp: 1700000000300n, lastCaughtUpTimestamp: 1700000000100n }]);
  assert.deepEqual(res.nodes, [{ nodeId: 1, listeners: [{ name: 'CONTROLLER', host: 'localhost', port: 9093 }] }]);
});

test('IncrementalAlterConfigs v1 (platformatic): request bytes and response values', () => {
  const req = api('incrementalAlterConfigsV1').createRequest(
    [{ resourceType: 2, resourceName: 'orders', configs: [{ name: 'retention.ms', configOperation: 0, value: '3600000' }, { name: 'cleanup.policy', configOperation: 1, value: null }] }],
    false,
  );
  assert.equal(req.buffer.toString('hex'), readFixture('incremental-alter-configs', 1, 'request').toString('hex'));
  assert.deepEqual(parse('incrementalAlterConfigsV1', 44, 1, 'incremental-alter-configs'), { throttleTimeMs: 0, responses: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders' }] });
});

test('OffsetForLeaderEpoch v4 request (platformatic)', () => {
  const req = api('offsetForLeaderEpochV4').createRequest(2, [{ name: 'orders', partitions: [{ partitionIndex: 3, currentLeaderEpoch: 5, leaderEpoch: 3 }] }]);
  assert.equal(req.buffer.toString('hex'), readFixture('offset-for-leader-epoch', 4, 'request').toString('hex'));
});

for (const v of [13, 14, 16]) {
  test(`Fetch v${v} consumer request (platformatic)`, () => {
    const partitions = [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 100n, lastFetchedEpoch: -1, partitionMaxBytes: 1048576 }];
    const req = api(`fetchV${v}`).createRequest(500, 1, 52428800, 1, 0, -1, [{ topicId: TOPIC_ID, partitions }], [], '');
    assert.equal(req.buffer.toString('hex'), readFixture('fetch', v, 'request').toString('hex'));
  });
}

for (const v of [13, 14, 15, 17]) {
  test(`Fetch v${v} response (platformatic reads our fixture)`, () => {
    const res = parse(`fetchV${v}`, 1, v, 'fetch') as { responses: Array<{ topicId: string; partitions: unknown[] }> };
    assert.equal(res.responses[0]?.topicId, TOPIC_ID);
    assert.deepEqual(res.responses[0]?.partitions, [
      { partitionIndex: 0, errorCode: 0, highWatermark: 4242n, lastStableOffset: 4242n, logStartOffset: 0n, abortedTransactions: [{ producerId: 7n, firstOffset: 4100n }], preferredReadReplica: -1 },
    ]);
  });
}

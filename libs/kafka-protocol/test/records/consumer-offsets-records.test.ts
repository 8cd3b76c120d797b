import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  DecodeError,
  decodeConsumerAssignment,
  decodeConsumerSubscription,
  decodeGroupMetadataValue,
  decodeOffsetCommitValue,
  decodeOffsetsKey,
  decodeOffsetsRecord,
  decodeOffsetsValue,
  encodeGroupMetadataValue,
  encodeOffsetCommitValue,
  encodeOffsetsKey,
  encodeOffsetsRecord,
  encodeOffsetsValue,
  groupOffsetsPartition,
  javaStringHashCode,
  type GroupMetadataValueData,
  type OffsetsRecord,
} from '../../src';
import { readHexFile } from '../messages/group-kit';

/** Values printed by Java 17 (`String.hashCode()`, then Utils.abs(h) % 50). */
const JAVA = [
  { s: '', hash: 0, partition: 0 },
  { s: 'a', hash: 97, partition: 47 },
  { s: 'billing-group', hash: 1671177389, partition: 39 },
  { s: 'analytics-group', hash: -609982088, partition: 38 },
  { s: 'order-service-tx', hash: 1489592443, partition: 43 },
  // hashCode() == Integer.MIN_VALUE: Kafka's Utils.abs maps it to 0 (Java's Math.abs(h) % 50 would be -48).
  { s: 'polygenelubricants', hash: -2147483648, partition: 0 },
  // UTF-16 code units, including a surrogate pair.
  { s: 'grüppe-😀', hash: -1039948164, partition: 14 },
  { s: 'console-consumer-12345', hash: 158455506, partition: 6 },
];

test('javaStringHashCode and groupOffsetsPartition match Java 17', () => {
  for (const { s, hash, partition } of JAVA) {
    assert.equal(javaStringHashCode(s), hash, `hashCode of ${JSON.stringify(s)}`);
    assert.equal(groupOffsetsPartition(s), partition, `partition of ${JSON.stringify(s)}`);
  }
  assert.equal(groupOffsetsPartition('billing-group', 3), 1671177389 % 3);
  assert.equal(groupOffsetsPartition('analytics-group', 7), 609982088 % 7);
  assert.throws(() => groupOffsetsPartition('g', 0));
});

const javaVersion = spawnSync('java', ['-version'], { encoding: 'utf8' });
test('groupOffsetsPartition agrees with a live Java computation', { skip: javaVersion.status !== 0 ? 'java not installed' : false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'hash-'));
  const names = JAVA.map((j) => j.s);
  const file = join(dir, 'H.java');
  writeFileSync(
    file,
    'class H { public static void main(String[] a) { for (String s : a) { int h = s.hashCode(); ' +
      'System.out.println(h + " " + ((h == Integer.MIN_VALUE ? 0 : Math.abs(h)) % 50)); } } }\n',
  );
  const run = spawnSync('java', ['-Dfile.encoding=UTF-8', '-Dsun.jnu.encoding=UTF-8', file, ...names], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  names.forEach((s, i) => assert.equal(lines[i], `${javaStringHashCode(s)} ${groupOffsetsPartition(s)}`, JSON.stringify(s)));
});

const offsetKey = { type: 'offset', group: 'billing-group', topic: 'orders', partition: 3 } as const;
const groupKey = { type: 'group', group: 'billing-group' } as const;

test('keys: Kafka bytes (version prefix = record type) and back', () => {
  assert.deepEqual(encodeOffsetsKey(offsetKey), readHexFile('consumer-offsets/offset-commit-key.v1.hex'));
  assert.deepEqual(decodeOffsetsKey(readHexFile('consumer-offsets/offset-commit-key.v1.hex')), offsetKey);
  assert.deepEqual(encodeOffsetsKey(groupKey), readHexFile('consumer-offsets/group-metadata-key.v2.hex'));
  assert.deepEqual(decodeOffsetsKey(readHexFile('consumer-offsets/group-metadata-key.v2.hex')), groupKey);
  // Key version 0 (old brokers) has the same body.
  const v0 = Buffer.from(readHexFile('consumer-offsets/offset-commit-key.v1.hex'));
  v0.writeInt16BE(0, 0);
  assert.deepEqual(decodeOffsetsKey(v0), offsetKey);
});

test('keys: other record types and truncated keys are typed decode errors', () => {
  const kip848 = Buffer.from([0x00, 0x03, 0x00, 0x01, 0x67]);
  assert.throws(() => decodeOffsetsKey(kip848), (e) => e instanceof DecodeError && e.code === 'DECODE.UNSUPPORTED_VERSION');
  assert.throws(() => decodeOffsetsKey(Buffer.from([0x00])), (e) => e instanceof DecodeError && e.code === 'DECODE.TRUNCATED');
  assert.throws(() => decodeOffsetsKey(Buffer.from([0x00, 0x02, 0x00, 0x05, 0x61])), (e) => e instanceof DecodeError && e.code === 'DECODE.TRUNCATED');
});

test('offset commit value v3 (what Kafka writes) round-trips', () => {
  const value = { offset: 42, leaderEpoch: 5, metadata: '', commitTimestamp: 1700000000000 };
  const bytes = readHexFile('consumer-offsets/offset-commit-value.v3.hex');
  assert.deepEqual(encodeOffsetCommitValue(value), bytes);
  assert.deepEqual(decodeOffsetCommitValue(bytes), { ...value, expireTimestamp: -1 });
});

test('offset commit value: v1 when an expire timestamp is set; v1 and v0 decode', () => {
  const v1 = readHexFile('consumer-offsets/offset-commit-value.v1.hex');
  const withExpiry = { offset: 42, leaderEpoch: -1, metadata: 'm', commitTimestamp: 1700000000000, expireTimestamp: 1700000123456 };
  assert.deepEqual(encodeOffsetCommitValue(withExpiry), v1);
  assert.deepEqual(decodeOffsetCommitValue(v1), withExpiry);
  const v0 = readHexFile('consumer-offsets/offset-commit-value.v0.hex');
  const old = { offset: 42, leaderEpoch: -1, metadata: '', commitTimestamp: 1700000000000, expireTimestamp: -1 };
  assert.deepEqual(decodeOffsetCommitValue(v0), old);
  assert.deepEqual(encodeOffsetCommitValue(old, 0), v0);
});

test('offset commit value v4 (flexible) decodes too', () => {
  const value = { offset: 2 ** 40, leaderEpoch: 9, metadata: 'x', commitTimestamp: 1700000000000, expireTimestamp: -1 };
  const bytes = encodeOffsetCommitValue(value, 4);
  assert.equal(bytes.readInt16BE(0), 4);
  assert.deepEqual(decodeOffsetCommitValue(bytes), value);
});

const stableGroup: GroupMetadataValueData = {
  protocolType: 'consumer',
  generation: 3,
  protocol: 'RoundRobinAssigner',
  leader: 'billing-svc-7d1c',
  currentStateTimestamp: 1700000000000,
  members: [
    {
      memberId: 'billing-svc-7d1c',
      groupInstanceId: null,
      clientId: 'billing-svc',
      clientHost: '/10.0.0.7',
      rebalanceTimeout: 60000,
      sessionTimeout: 30000,
      subscription: Buffer.from('0000000000010006' + '6f7264657273' + '00000000', 'hex'),
      assignment: Buffer.from('0000000000010006' + '6f7264657273' + '00000002' + '00000000' + '00000002' + '00000000', 'hex'),
    },
  ],
};

test('group metadata value v3 (what Kafka writes) round-trips; member payloads are ConsumerProtocol', () => {
  const bytes = readHexFile('consumer-offsets/group-metadata-value.v3.hex');
  assert.deepEqual(encodeGroupMetadataValue(stableGroup), bytes);
  const decoded = decodeGroupMetadataValue(bytes);
  assert.deepEqual(decoded, stableGroup);
  const member = decoded.members[0];
  assert.ok(member);
  assert.deepEqual(decodeConsumerSubscription(member.subscription), { version: 0, topics: ['orders'], userData: Buffer.alloc(0), ownedPartitions: [], generationId: -1, rackId: null });
  assert.deepEqual(decodeConsumerAssignment(member.assignment), {
    version: 0,
    assignedPartitions: [{ topic: 'orders', partitions: [0, 2] }],
    userData: Buffer.alloc(0),
  });
});

test('group metadata value of an Empty group: null protocol and leader, no members', () => {
  const empty = { protocolType: 'consumer', generation: 4, protocol: null, leader: null, currentStateTimestamp: 1700000123456, members: [] };
  const bytes = readHexFile('consumer-offsets/group-metadata-value.empty.v3.hex');
  assert.deepEqual(encodeGroupMetadataValue(empty), bytes);
  assert.deepEqual(decodeGroupMetadataValue(bytes), empty);
});

test('group metadata value: older versions fill defaults; v4 (flexible) round-trips', () => {
  const v0 = encodeGroupMetadataValue(stableGroup, 0);
  const member = stableGroup.members[0];
  assert.ok(member);
  assert.deepEqual(decodeGroupMetadataValue(v0), {
    ...stableGroup,
    currentStateTimestamp: -1,
    members: [{ ...member, rebalanceTimeout: -1 }],
  });
  const v4 = encodeGroupMetadataValue({ ...stableGroup, members: [{ ...member, groupInstanceId: 'billing-0' }] }, 4);
  assert.deepEqual(decodeGroupMetadataValue(v4), { ...stableGroup, members: [{ ...member, groupInstanceId: 'billing-0' }] });
});

test('records: encode/decode pairs, tombstones stay null', () => {
  const records: OffsetsRecord[] = [
    { key: offsetKey, value: { offset: 7, leaderEpoch: -1, metadata: '', commitTimestamp: 1700000000000, expireTimestamp: -1 } },
    { key: offsetKey, value: null },
    { key: groupKey, value: stableGroup },
    { key: groupKey, value: null },
  ];
  for (const record of records) {
    const { key, value } = encodeOffsetsRecord(record);
    assert.equal(value === null, record.value === null);
    assert.deepEqual(decodeOffsetsRecord(key, value), record);
  }
  assert.equal(encodeOffsetsValue('offset', null), null);
  assert.equal(decodeOffsetsValue('group', null), null);
  const bytes = encodeOffsetsValue('group', stableGroup);
  assert.ok(bytes);
  assert.deepEqual(decodeOffsetsValue('group', bytes), stableGroup);
});

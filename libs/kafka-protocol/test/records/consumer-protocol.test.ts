import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DecodeError,
  decodeConsumerAssignment,
  decodeConsumerSubscription,
  encodeConsumerAssignment,
  encodeConsumerSubscription,
} from '../../src';
import { kafkajsModule, readHexFile } from '../messages/group-kit';

interface KafkajsAssignerProtocol {
  MemberMetadata: {
    encode(m: { version: number; topics: string[]; userData?: Buffer }): Buffer;
    decode(b: Buffer): { version: number; topics: string[]; userData: Buffer | null };
  };
  MemberAssignment: {
    encode(a: { version: number; assignment: Record<string, number[]>; userData?: Buffer }): Buffer;
    decode(b: Buffer): { version: number; assignment: Record<string, number[]>; userData: Buffer | null } | null;
  };
}
const { MemberMetadata, MemberAssignment } = kafkajsModule<KafkajsAssignerProtocol>('consumer/assignerProtocol');

const subscriptionDefaults = { ownedPartitions: [], generationId: -1, rackId: null };

test('subscription v0: identical to kafkajs MemberMetadata, both directions', () => {
  for (const userData of [Buffer.alloc(0), Buffer.from('nest-reply')]) {
    const theirs = MemberMetadata.encode({ version: 0, topics: ['orders', 'invoices'], userData });
    const ours = encodeConsumerSubscription({ version: 0, topics: ['orders', 'invoices'], userData });
    assert.deepEqual(ours, theirs);
    assert.deepEqual(decodeConsumerSubscription(theirs), { version: 0, topics: ['orders', 'invoices'], userData, ...subscriptionDefaults });
    assert.deepEqual(MemberMetadata.decode(ours), { version: 0, topics: ['orders', 'invoices'], userData });
  }
});

test('subscription: Kafka default userData is null (int32 -1); kafkajs reads it as null', () => {
  const ours = encodeConsumerSubscription({ topics: ['orders'] });
  assert.deepEqual(ours, Buffer.from('0000' + '00000001' + '0006' + '6f7264657273' + 'ffffffff', 'hex'));
  assert.deepEqual(MemberMetadata.decode(ours), { version: 0, topics: ['orders'], userData: null });
});

test('subscription v3 as the Java consumer writes it (hand-written bytes)', () => {
  const bytes = readHexFile('consumer-protocol/subscription.v3.hex');
  const value = {
    version: 3,
    topics: ['invoices', 'orders'],
    userData: null,
    ownedPartitions: [{ topic: 'orders', partitions: [0, 1] }],
    generationId: 7,
    rackId: 'rack-a',
  };
  assert.deepEqual(decodeConsumerSubscription(bytes), value);
  assert.deepEqual(encodeConsumerSubscription(value), bytes);
  // kafkajs reads the v0 prefix of any version (and ignores the rest).
  assert.deepEqual(MemberMetadata.decode(bytes), { version: 3, topics: ['invoices', 'orders'], userData: null });
});

test('subscription v1 and v2 round-trip', () => {
  for (const version of [1, 2]) {
    const value = { version, topics: ['orders'], userData: null, ownedPartitions: [{ topic: 'orders', partitions: [3] }], generationId: version === 2 ? 5 : -1, rackId: null };
    assert.deepEqual(decodeConsumerSubscription(encodeConsumerSubscription(value)), value);
  }
});

test('assignment v0: identical to kafkajs MemberAssignment, both directions', () => {
  const theirs = MemberAssignment.encode({ version: 0, assignment: { orders: [0, 2], invoices: [1] } });
  const ours = encodeConsumerAssignment({
    version: 0,
    assignedPartitions: [
      { topic: 'orders', partitions: [0, 2] },
      { topic: 'invoices', partitions: [1] },
    ],
    userData: Buffer.alloc(0),
  });
  assert.deepEqual(ours, theirs);
  assert.deepEqual(decodeConsumerAssignment(theirs), {
    version: 0,
    assignedPartitions: [
      { topic: 'orders', partitions: [0, 2] },
      { topic: 'invoices', partitions: [1] },
    ],
    userData: Buffer.alloc(0),
  });
  assert.deepEqual(MemberAssignment.decode(ours), { version: 0, assignment: { orders: [0, 2], invoices: [1] }, userData: Buffer.alloc(0) });
});

test('assignment v3 (hand-written bytes) and kafkajs reading it', () => {
  const bytes = readHexFile('consumer-protocol/assignment.v3.hex');
  const value = {
    version: 3,
    assignedPartitions: [
      { topic: 'orders', partitions: [0, 1] },
      { topic: 'invoices', partitions: [] },
    ],
    userData: Buffer.from('cafe', 'hex'),
  };
  assert.deepEqual(decodeConsumerAssignment(bytes), value);
  assert.deepEqual(encodeConsumerAssignment(value), bytes);
  assert.deepEqual(MemberAssignment.decode(bytes), { version: 3, assignment: { orders: [0, 1], invoices: [] }, userData: Buffer.from('cafe', 'hex') });
});

test('empty bytes (no assignment / no metadata) decode to null, as in kafkajs', () => {
  assert.equal(decodeConsumerAssignment(Buffer.alloc(0)), null);
  assert.equal(MemberAssignment.decode(Buffer.alloc(0)), null);
  assert.equal(decodeConsumerSubscription(Buffer.alloc(0)), null);
});

test('future versions are read with the v3 layout; negative versions and garbage are decode errors', () => {
  const v3 = readHexFile('consumer-protocol/assignment.v3.hex');
  const v9 = Buffer.from(v3);
  v9.writeInt16BE(9, 0);
  assert.deepEqual(decodeConsumerAssignment(v9)?.version, 9);
  const negative = Buffer.from(v3);
  negative.writeInt16BE(-1, 0);
  assert.throws(() => decodeConsumerAssignment(negative), (e) => e instanceof DecodeError && e.code === 'DECODE.UNSUPPORTED_VERSION');
  assert.throws(() => decodeConsumerSubscription(Buffer.from([0, 0, 0, 0, 0, 9])), (e) => e instanceof DecodeError);
  assert.throws(() => decodeConsumerAssignment(Buffer.concat([v3, Buffer.from([1])])), (e) => e instanceof DecodeError && e.code === 'DECODE.TRAILING_BYTES');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ControlRecordType,
  LeaderChangeMessage,
  controlTypeOf,
  decodeLogBatch,
  encodeControlBatch,
  encodeControlValue,
  encodeDataBatch,
  encodeMetadataRecord,
  metadataRecord,
  metadataRecordsOf,
  splitRecordBatches,
} from '../../src';

const noop = encodeMetadataRecord(metadataRecord('NoOp', {}));
const topic = encodeMetadataRecord(metadataRecord('Topic', { name: 'orders', topicId: Buffer.alloc(16, 7) }));

test('a data batch carries the Raft epoch as partitionLeaderEpoch and framed metadata records as values', () => {
  const bytes = encodeDataBatch({ baseOffset: 10, epoch: 4, timestamp: 1000, values: [noop, topic] });
  const batch = decodeLogBatch(bytes);
  assert.deepEqual([batch.baseOffset, batch.epoch, batch.control, batch.records.length], [10, 4, false, 2]);
  assert.equal(batch.records[1]!.key, null);
  assert.deepEqual(metadataRecordsOf(batch).map((r) => r.type), ['NoOp', 'Topic']);
  assert.equal(bytes.readInt32BE(12), 4, 'partitionLeaderEpoch at byte 12');
});

test('a control batch has attribute bit 5 and one control record', () => {
  const value = encodeControlValue(LeaderChangeMessage, { version: 0, leaderId: 1, voters: [{ voterId: 1 }], grantingVoters: [{ voterId: 1 }] });
  const bytes = encodeControlBatch({ baseOffset: 0, epoch: 1, timestamp: 5, type: ControlRecordType.LEADER_CHANGE, value });
  assert.equal(bytes.readInt16BE(21) & 0x20, 0x20);
  const batch = decodeLogBatch(bytes);
  assert.equal(batch.control, true);
  assert.equal(controlTypeOf(batch), ControlRecordType.LEADER_CHANGE);
  assert.deepEqual(metadataRecordsOf(batch), []);
});

test('splitRecordBatches returns whole batches and leaves out a trailing partial one', () => {
  const a = encodeDataBatch({ baseOffset: 0, epoch: 1, timestamp: 0, values: [noop] });
  const b = encodeDataBatch({ baseOffset: 1, epoch: 1, timestamp: 0, values: [noop, noop] });
  const parts = splitRecordBatches(Buffer.concat([a, b, b.subarray(0, 20)]));
  assert.deepEqual(parts.map((p) => p.length), [a.length, b.length]);
  assert.deepEqual(splitRecordBatches(Buffer.alloc(0)), []);
});

test('a batch whose bytes were changed fails its CRC and is not decoded', () => {
  const bytes = Buffer.from(encodeDataBatch({ baseOffset: 0, epoch: 1, timestamp: 0, values: [topic] }));
  bytes[bytes.length - 3] ^= 0xff;
  assert.throws(() => decodeLogBatch(bytes), /fails its CRC/);
});

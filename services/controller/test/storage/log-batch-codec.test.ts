import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ControlRecordType, LeaderChangeMessage, SnapshotHeaderRecord, controlTypeOf, decodeControlValue, decodeLogBatch, encodeControlBatch, encodeControlValue, encodeDataBatch } from '@orderlab/metadata';
import { decodeLeaderChange } from '@orderlab/raft';
import { LogBatchCodec } from '../../src/storage/log-batch-codec';
import { dataBatch, leaderChange } from './storage-kit';

test('the core\'s LeaderChange is Kafka\'s LEADER_CHANGE control record on disk and on the wire, and back', () => {
  const codec = new LogBatchCodec(() => 5);
  const bytes = codec.encode(leaderChange(7, 3, 2));
  const kafka = decodeLogBatch(bytes);
  assert.deepEqual([kafka.baseOffset, kafka.epoch, kafka.control, controlTypeOf(kafka)], [7, 3, true, ControlRecordType.LEADER_CHANGE]);
  const message = decodeControlValue(LeaderChangeMessage, kafka.records[0]!.value);
  assert.deepEqual([message.leaderId, message.voters.map((v) => v.voterId), message.grantingVoters.map((v) => v.voterId)], [2, [1, 2, 3], [2]]);
  const back = new LogBatchCodec(() => 9).decode(bytes);
  assert.equal(back.control, true);
  assert.deepEqual(decodeLeaderChange(back.records[0]!), { leaderId: 2, voters: [1, 2, 3], grantingVoters: [2] });
});

test('a data batch keeps its record bytes; bytes received are remembered, not re-encoded', () => {
  const codec = new LogBatchCodec(() => 5);
  const original = encodeDataBatch({ baseOffset: 4, epoch: 2, timestamp: 12345, values: [Buffer.from('m1'), Buffer.from('m2')] });
  const batch = codec.decode(original);
  assert.deepEqual([batch.baseOffset, batch.epoch, batch.control, batch.records.map(String)], [4, 2, false, ['m1', 'm2']]);
  assert.equal(codec.encode(batch), original, 'the same buffer: a follower stores what the leader sent');
  const mine = dataBatch(0, 1, ['x']);
  assert.equal(codec.encode(mine), codec.encode(mine), 'encoded once per batch');
});

test('a control batch other than LeaderChange, or bytes that are no batch, are refused in the metadata log', () => {
  const codec = new LogBatchCodec(() => 0);
  const header = encodeControlBatch({ baseOffset: 0, epoch: 1, timestamp: 0, type: ControlRecordType.SNAPSHOT_HEADER, value: encodeControlValue(SnapshotHeaderRecord, { version: 0, lastContainedLogTimestamp: 0 }) });
  assert.throws(() => codec.decode(header), /control batch of type 3/);
  assert.throws(() => codec.decode(Buffer.from('not a batch')), /needs 61 bytes/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ControlRecordType, LeaderChangeMessage, SnapshotHeaderRecord, decodeControlKey, decodeControlValue, encodeControlKey, encodeControlValue } from '../../src';

test('a control record key is int16 version 0 then int16 type (Kafka ControlRecordType)', () => {
  assert.equal(encodeControlKey(ControlRecordType.LEADER_CHANGE).toString('hex'), '00000002');
  assert.equal(decodeControlKey(Buffer.from('00000003', 'hex')), ControlRecordType.SNAPSHOT_HEADER);
  assert.throws(() => decodeControlKey(Buffer.from('00010002', 'hex')), /key version 1/);
  assert.throws(() => decodeControlKey(null), /needs 4 bytes/);
});

test('LeaderChangeMessage v0 encodes as Kafka writes it (hand-written bytes)', () => {
  const bytes = encodeControlValue(LeaderChangeMessage, { version: 0, leaderId: 2, voters: [{ voterId: 1 }, { voterId: 2 }, { voterId: 3 }], grantingVoters: [{ voterId: 2 }, { voterId: 3 }] });
  const expected = [
    '0000', // version int16 0
    '00000002', // leaderId int32 2
    '04', '0000000100', '0000000200', '0000000300', // voters: compact array of 3, each {voterId, empty tags}
    '03', '0000000200', '0000000300', // grantingVoters: compact array of 2
    '00', // top-level tag buffer
  ].join('');
  assert.equal(bytes.toString('hex'), expected);
  assert.deepEqual(decodeControlValue(LeaderChangeMessage, bytes).grantingVoters, [{ voterId: 2 }, { voterId: 3 }]);
});

test('SnapshotHeaderRecord v0: version then lastContainedLogTimestamp; trailing bytes are refused', () => {
  const bytes = encodeControlValue(SnapshotHeaderRecord, { version: 0, lastContainedLogTimestamp: 1700000000000 });
  assert.equal(bytes.toString('hex'), '0000' + '0000018bcfe56800' + '00');
  assert.throws(() => decodeControlValue(SnapshotHeaderRecord, Buffer.concat([bytes, Buffer.from([0])])), /after SnapshotHeaderRecord/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BrokerHeartbeatRequest, DescribeQuorumResponse, OffsetForLeaderEpochRequest, VoteRequest, decodeResponse, encodeRequest, encodeResponse, readRequestHead } from '../src';
import { readFixture } from './messages/group-kit';

/** Header layouts written by hand (RequestHeader.json / ResponseHeader.json), around hand-written bodies. */
const hex = (s: string): string => s.replace(/\s+/g, '');

test('a flexible request (Vote v0) gets request header v2: int16 client id, then an empty tag buffer', () => {
  const body = readFixture('vote', 0, 'request');
  const frame = encodeRequest(VoteRequest, 0, 9, 'ctl-2', { clusterId: 'kraft-lab', topics: [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0, candidateEpoch: 5, candidateId: 2, lastOffsetEpoch: 4, lastOffset: 1234 }] }] });
  // apiKey 52, apiVersion 0, correlationId 9, clientId "ctl-2" (int16 length), tag buffer 0
  const header = hex('0034 0000 00000009 0005 63746c2d32 00');
  assert.equal(frame.subarray(4).toString('hex'), header + body.toString('hex'));
  assert.equal(frame.readInt32BE(0), frame.length - 4);
  const head = readRequestHead(frame.subarray(4));
  assert.deepEqual([head.header.apiKey, head.header.correlationId, head.header.clientId, head.body.remaining()], [52, 9, 'ctl-2', body.length]);
});

test('a non-flexible version of the same kind of API (OffsetForLeaderEpoch v3) gets request header v1: no tag buffer', () => {
  const frame = encodeRequest(OffsetForLeaderEpochRequest, 3, 9, null, { replicaId: 2, topics: [{ topic: 'orders', partitions: [{ partition: 3, currentLeaderEpoch: 5, leaderEpoch: 3 }] }] });
  // apiKey 23, apiVersion 3, correlationId 9, clientId null (int16 -1)
  assert.equal(frame.subarray(4).toString('hex'), hex('0017 0003 00000009 ffff') + readFixture('offset-for-leader-epoch', 3, 'request').toString('hex'));
});

test('a flexible response (DescribeQuorum v0) gets response header v1: correlation id, then an empty tag buffer', () => {
  const body = readFixture('describe-quorum', 0, 'response');
  const value = { errorCode: 0, topics: [] };
  const frame = Buffer.concat(encodeResponse(DescribeQuorumResponse, 0, 77, value));
  const expectedBody = hex('0000 01 00'); // errorCode 0, topics: compact array of 0, top-level tags
  assert.equal(frame.subarray(4).toString('hex'), hex('0000004d 00') + expectedBody);
  const full = Buffer.concat([Buffer.from('0000004d00', 'hex'), body]);
  assert.equal(decodeResponse(DescribeQuorumResponse, 0, full).body.topics[0]?.partitions[0]?.highWatermark, 4242);
});

test('BrokerHeartbeat v0 request frame: header v2 and the hand-written body', () => {
  const frame = encodeRequest(BrokerHeartbeatRequest, 0, 1, 'broker-1', { brokerId: 1, brokerEpoch: 120, currentMetadataOffset: 130, wantFence: false, wantShutDown: false });
  assert.equal(frame.subarray(4).toString('hex'), hex('003f 0000 00000001 0008 62726f6b65722d31 00') + readFixture('broker-heartbeat', 0, 'request').toString('hex'));
});

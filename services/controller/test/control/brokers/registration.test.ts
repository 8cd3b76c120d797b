import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { uuidToString } from '@orderlab/metadata';
import { CLUSTER_ID, Harness, incarnation, state } from '../kit';

const request = (brokerId: number, generation = 0) => ({
  brokerId,
  clusterId: CLUSTER_ID,
  incarnationId: incarnation(brokerId, generation),
  listeners: [{ name: 'PLAINTEXT', host: 'localhost', port: 9092, securityProtocol: 0 }],
  features: [{ name: 'metadata.version', minSupportedVersion: 1, maxSupportedVersion: 14 }],
  rack: 'r1',
});

test('a new broker is registered fenced, with broker epoch = the offset of its RegisterBrokerRecord', () => {
  const h = new Harness();
  h.advance(5);
  const reply = h.register(1);
  const entry = h.log.find((e) => e.record.type === 'RegisterBroker');
  assert.ok(entry);
  assert.equal(reply.errorCode, 0);
  assert.equal(reply.brokerEpoch, entry.offset);
  const b = h.image.brokers.get(1);
  assert.deepEqual([b?.fenced, b?.inControlledShutdown, b?.brokerEpoch, b?.incarnationId], [true, false, entry.offset, uuidToString(incarnation(1))]);
  assert.equal(entry.record.type === 'RegisterBroker' && entry.record.features.some((f) => f.name === 'metadata.version' && f.maxSupportedVersion === 14), true);
});

test('another cluster id is INCONSISTENT_CLUSTER_ID and writes nothing', () => {
  const h = new Harness();
  const result = h.control.registerBroker(h.image, { ...request(1), clusterId: 'other' }, h.nextOffset, h.nowMs);
  assert.deepEqual(result, { records: [], response: { errorCode: ErrorCode.INCONSISTENT_CLUSTER_ID, errorMessage: `Expected cluster ID ${CLUSTER_ID}, but got cluster ID other`, brokerEpoch: -1 } });
});

test('another incarnation of a live broker is DUPLICATE_BROKER_REGISTRATION; once its session expires it is accepted', () => {
  const h = new Harness({ sessionTimeoutMs: 9000 });
  h.addBrokers(1);
  h.advance(9000);
  assert.equal(h.register(1, 1).errorCode, ErrorCode.DUPLICATE_BROKER_REGISTRATION, 'exactly at the session timeout the session is still valid');
  h.advance(1);
  const reply = h.register(1, 1);
  assert.equal(reply.errorCode, 0);
  assert.equal(h.image.brokers.get(1)?.incarnationId, uuidToString(incarnation(1, 1)));
  assert.equal(h.image.brokers.get(1)?.fenced, true);
});

test('a fenced broker has no live session: a new incarnation registers at once', () => {
  const h = new Harness();
  h.addBrokers(1);
  h.heartbeat(1, { wantFence: true });
  assert.equal(h.image.brokers.get(1)?.fenced, true);
  assert.equal(h.register(1, 1).errorCode, 0);
});

test('the same incarnation registering again keeps its epoch and state (a retried request)', () => {
  const h = new Harness();
  h.addBrokers(1);
  const epoch = h.image.brokers.get(1)?.brokerEpoch;
  const reply = h.register(1);
  assert.deepEqual([reply.errorCode, reply.brokerEpoch], [0, epoch]);
  assert.deepEqual([h.image.brokers.get(1)?.brokerEpoch, h.image.brokers.get(1)?.fenced], [epoch, false], 'still unfenced');
});

test('a new incarnation of a broker that still leads (died, back before it was fenced) first loses its leaderships', () => {
  const h = new Harness();
  h.addBrokers(1, 2, 3);
  h.createTopic('t', 3, 3);
  const led = [0, 1, 2].filter((p) => h.partition('t', p).leader === 1);
  assert.equal(led.length, 1);
  h.advance(10_000); // the old session expired, but nobody fenced it yet
  const before = h.log.length;
  const reply = h.register(1, 1);
  const appended = h.log.slice(before);
  assert.deepEqual(appended.map((e) => e.record.type), ['PartitionChange', 'PartitionChange', 'PartitionChange', 'RegisterBroker']);
  assert.equal(reply.brokerEpoch, appended[3]?.offset, 'the epoch is the offset of the RegisterBrokerRecord itself');
  for (const p of [0, 1, 2]) assert.equal(h.partition('t', p).isr.includes(1), false);
  const moved = h.partition('t', led[0] as number);
  assert.deepEqual(state(moved), { leader: moved.replicas.find((r) => r !== 1), leaderEpoch: 1, partitionEpoch: 1, isr: moved.replicas.filter((r) => r !== 1) });
});

test('feature levels: a broker must support the finalized metadata.version; brokers that do not say are taken to support only level 1', () => {
  const h = new Harness();
  assert.equal(h.image.features.get('metadata.version'), 14, 'activation wrote metadata.version');
  const none = h.control.registerBroker(h.image, { ...request(1), features: [] }, h.nextOffset, h.nowMs);
  assert.deepEqual(
    [none.response.errorCode, none.response.errorMessage],
    [ErrorCode.UNSUPPORTED_VERSION, 'Unable to register because the broker does not support finalized version 14 of metadata.version. The broker wants a version between 1 and 1, inclusive.'],
  );
  const old = h.control.registerBroker(h.image, { ...request(1), features: [{ name: 'metadata.version', minSupportedVersion: 1, maxSupportedVersion: 13 }] }, h.nextOffset, h.nowMs);
  assert.equal(old.response.errorCode, ErrorCode.UNSUPPORTED_VERSION);
  const unknownFeature = h.control.registerBroker(h.image, { ...request(1), features: [...request(1).features, { name: 'group.version', minSupportedVersion: 1, maxSupportedVersion: 1 }] }, h.nextOffset, h.nowMs);
  assert.equal(unknownFeature.response.errorCode, ErrorCode.UNSUPPORTED_VERSION, 'group.version is not finalized (level 0), which the broker does not support');
  assert.equal(h.register(1).errorCode, 0);
});

test('a ZooKeeper broker in migration mode is refused', () => {
  const h = new Harness();
  const r = h.control.registerBroker(h.image, { ...request(1), isMigratingZkBroker: true }, h.nextOffset, h.nowMs);
  assert.deepEqual([r.records.length, r.response.errorCode], [0, ErrorCode.BROKER_ID_NOT_REGISTERED]);
});

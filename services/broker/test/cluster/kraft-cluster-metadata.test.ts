import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { EMPTY_IMAGE, applyBatch, metadataRecord, type MetadataImage, type MetadataRecord } from '@orderlab/metadata';
import type { AdminForwarder } from '../../src/cluster/admin-forwarder';
import type { CreateTopicSpec } from '../../src/cluster/cluster-metadata';
import { KRaftClusterMetadata } from '../../src/cluster/kraft-cluster-metadata';

const id = (n: number): Buffer => Buffer.from(String(n).padStart(32, '0'), 'hex');
const register = (brokerId: number, fenced: boolean): MetadataRecord =>
  metadataRecord('RegisterBroker', { brokerId, incarnationId: id(100 + brokerId), brokerEpoch: brokerId, endPoints: [{ name: 'PLAINTEXT', host: 'h', port: 9000 + brokerId, securityProtocol: 0 }], features: [], rack: null, fenced, inControlledShutdown: false });

function harness(forward: Partial<AdminForwarder>) {
  let image: MetadataImage = applyBatch(EMPTY_IMAGE, [register(1, false), register(2, true)], 0, 1);
  let sync: () => void = () => undefined;
  const forwarded: CreateTopicSpec[] = [];
  const forwarder = {
    createTopic: async (spec: CreateTopicSpec) => {
      forwarded.push(spec);
      return { errorCode: 0 as const };
    },
    ...forward,
  } as unknown as AdminForwarder;
  const m = new KRaftClusterMetadata({
    clusterId: 'c', localNodeId: 1, image: () => image, syncPoint: () => new Promise<void>((r) => (sync = r)), forwarder,
    defaultPartitions: 3, defaultReplicationFactor: 1, applyWaitMs: 10_000, random: () => 0.99,
  });
  const commit = (records: MetadataRecord[]): void => {
    const before = image;
    image = applyBatch(image, records, image.lastAppliedOffset + 1, 1);
    m.imageChanged(image, before);
  };
  return { m, commit, forwarded, releaseSync: () => sync() };
}

test('an admin call answers only once the committed change reached this broker (replayed, never applied locally)', async () => {
  const h = harness({});
  let answered = false;
  const p = h.m.createTopic({ name: 't', numPartitions: -1, replicationFactor: -1, assignments: [], configs: {} }, false).then((r) => ((answered = true), r));
  await new Promise((r) => setImmediate(r));
  assert.equal(answered, false, 'the controller said yes, but the image has no topic yet');
  assert.equal(h.m.topic('t'), undefined, 'nothing applied locally');
  assert.deepEqual([h.forwarded[0]?.numPartitions, h.forwarded[0]?.replicationFactor], [3, 1], '-1 became the broker defaults before forwarding');
  h.commit([metadataRecord('Topic', { name: 't', topicId: id(1) })]);
  assert.equal((await p).errorCode, 0);
  assert.ok(h.m.topic('t'));
});

test('a sync point (the next fetch applied) also releases the wait', async () => {
  const h = harness({ deleteTopic: async () => ({ errorCode: 0 as const }) });
  h.commit([metadataRecord('Topic', { name: 'keep', topicId: id(2) })]);
  const p = h.m.deleteTopic('keep');
  await new Promise((r) => setImmediate(r));
  h.releaseSync();
  assert.equal((await p).errorCode, 0);
});

test('internal-topic guard before forwarding; Metadata lists only unfenced brokers; controllerId is a live broker', async () => {
  const h = harness({});
  const r = await h.m.alterTopicConfigs('__consumer_offsets', { 'retention.ms': '1000' }, false);
  assert.equal(r.errorCode, ErrorCode.POLICY_VIOLATION);
  assert.deepEqual(h.m.brokers().map((b) => b.nodeId), [1]);
  assert.equal(h.m.controllerId(), 1);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  EMPTY_IMAGE,
  MetadataApplyError,
  apply,
  applyBatch,
  metadataRecord,
  partitionOf,
  topicByName,
  uuidToString,
  type MetadataImage,
  type MetadataRecord,
} from '../../src';
import { partition, registerBroker, replay, sampleImage, sampleRecords, topic, unfence, uuid } from '../kit';
import { historyFrom, type Choice } from '../random-history';

const SEED = Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31);

const change = (fields: Parameters<typeof metadataRecord<'PartitionChange'>>[1]) => metadataRecord('PartitionChange', { topicId: uuid(1), ...fields });
const next = (image: MetadataImage, record: MetadataRecord) => apply(image, record, image.lastAppliedOffset + 1, 1);

function refuses(image: MetadataImage, record: MetadataRecord, code: string): void {
  const before = JSON.stringify([...image.topicsById.values()].map((t) => [...t.partitions.values()]));
  assert.throws(() => next(image, record), (e: unknown) => e instanceof MetadataApplyError && e.code === code);
  assert.equal(JSON.stringify([...image.topicsById.values()].map((t) => [...t.partitions.values()])), before, 'the image is untouched');
}

test('a registration creates a fenced broker; BrokerRegistrationChange unfences, fences and marks controlled shutdown', () => {
  let image = next(EMPTY_IMAGE, registerBroker(1, 0));
  const b = image.brokers.get(1);
  assert.deepEqual(b, {
    brokerId: 1,
    incarnationId: uuidToString(uuid(101)),
    brokerEpoch: 0,
    endpoints: [{ name: 'PLAINTEXT', host: 'localhost', port: 9095, securityProtocol: 0 }],
    rack: null,
    fenced: true,
    inControlledShutdown: false,
  });
  image = next(image, unfence(1, 0));
  assert.equal(image.brokers.get(1)?.fenced, false);
  image = next(image, metadataRecord('BrokerRegistrationChange', { brokerId: 1, brokerEpoch: 0, inControlledShutdown: 1 }));
  assert.deepEqual([image.brokers.get(1)?.fenced, image.brokers.get(1)?.inControlledShutdown], [false, true]);
  image = next(image, metadataRecord('BrokerRegistrationChange', { brokerId: 1, brokerEpoch: 0, fenced: 1 }));
  assert.deepEqual([image.brokers.get(1)?.fenced, image.brokers.get(1)?.inControlledShutdown], [true, true], 'fencing keeps the shutdown flag, as Kafka');
  image = next(image, registerBroker(1, 7, 9));
  assert.deepEqual([image.brokers.get(1)?.brokerEpoch, image.brokers.get(1)?.incarnationId, image.brokers.get(1)?.inControlledShutdown], [7, uuidToString(uuid(109)), false], 'a new incarnation replaces the registration');
});

test('the pre-3.3 FenceBroker / UnfenceBroker records work too', () => {
  let image = next(EMPTY_IMAGE, registerBroker(4, 0));
  image = next(image, metadataRecord('UnfenceBroker', { id: 4, epoch: 0 }));
  assert.equal(image.brokers.get(4)?.fenced, false);
  image = next(image, metadataRecord('FenceBroker', { id: 4, epoch: 0 }));
  assert.equal(image.brokers.get(4)?.fenced, true);
});

test('a registration change for an unknown broker or another epoch is refused', () => {
  const image = next(EMPTY_IMAGE, registerBroker(1, 5));
  refuses(image, unfence(2, 5), 'APPLY.UNKNOWN_BROKER');
  refuses(image, unfence(1, 4), 'APPLY.BROKER_EPOCH_MISMATCH');
});

test('topics and partitions: by name and by id; a second topic of the same name or id is refused', () => {
  const image = sampleImage();
  const orders = topicByName(image, 'orders');
  assert.equal(orders?.id, uuidToString(uuid(1)));
  assert.equal(image.topicsById.get(uuidToString(uuid(1)))?.name, 'orders');
  assert.deepEqual(partitionOf(image, 'orders', 1), { topicId: uuidToString(uuid(1)), partition: 1, replicas: [2, 3, 1], isr: [2, 3, 1], leader: 2, leaderEpoch: 0, partitionEpoch: 0 });
  refuses(image, topic('orders', 9), 'APPLY.TOPIC_EXISTS');
  refuses(image, topic('other', 1), 'APPLY.TOPIC_EXISTS');
  refuses(image, partition(9, 0, [1]), 'APPLY.UNKNOWN_TOPIC');
});

test('PartitionChange: a leader change bumps both epochs, an ISR change only the partition epoch', () => {
  let image = sampleImage();
  assert.deepEqual(partitionOf(image, 'orders', 0), { topicId: uuidToString(uuid(1)), partition: 0, replicas: [1, 2, 3], isr: [1, 2], leader: 1, leaderEpoch: 0, partitionEpoch: 1 });
  image = next(image, change({ partitionId: 0, leader: 2 }));
  assert.deepEqual([partitionOf(image, 'orders', 0)?.leader, partitionOf(image, 'orders', 0)?.leaderEpoch, partitionOf(image, 'orders', 0)?.partitionEpoch], [2, 1, 2]);
  image = next(image, change({ partitionId: 0, isr: [2] }));
  assert.deepEqual([partitionOf(image, 'orders', 0)?.isr, partitionOf(image, 'orders', 0)?.leaderEpoch, partitionOf(image, 'orders', 0)?.partitionEpoch], [[2], 1, 3]);
  image = next(image, change({ partitionId: 0, leader: -1 }));
  assert.deepEqual([partitionOf(image, 'orders', 0)?.leader, partitionOf(image, 'orders', 0)?.leaderEpoch, partitionOf(image, 'orders', 0)?.isr], [-1, 2, [2]], 'going offline is a leader change');
  image = next(image, change({ partitionId: 0, replicas: [2, 3], isr: [2, 3], leader: 3 }));
  assert.deepEqual(partitionOf(image, 'orders', 0), { topicId: uuidToString(uuid(1)), partition: 0, replicas: [2, 3], isr: [2, 3], leader: 3, leaderEpoch: 3, partitionEpoch: 5 });
});

test('a partition that would break its invariants is refused and the image stays as it was', () => {
  const image = sampleImage();
  refuses(image, change({ partitionId: 0, leader: 3 }), 'APPLY.INVALID_PARTITION'); // 3 is not in ISR [1,2]
  refuses(image, change({ partitionId: 0, isr: [1, 4] }), 'APPLY.INVALID_PARTITION'); // 4 is not a replica
  refuses(image, change({ partitionId: 0, isr: [1, 1] }), 'APPLY.INVALID_PARTITION');
  refuses(image, change({ partitionId: 0, replicas: [] }), 'APPLY.INVALID_PARTITION');
  refuses(image, change({ partitionId: 7, leader: 1 }), 'APPLY.UNKNOWN_PARTITION');
  refuses(image, partition(1, 5, [1, 1]), 'APPLY.INVALID_PARTITION');
});

test('RemoveTopic drops the topic, its partitions and its configs', () => {
  let image = sampleImage();
  assert.equal(image.topicConfigs.get('orders')?.get('retention.ms'), '3600000');
  image = next(image, metadataRecord('RemoveTopic', { topicId: uuid(1) }));
  assert.equal(topicByName(image, 'orders'), undefined);
  assert.equal(image.topicsById.size, 0);
  assert.equal(image.topicConfigs.has('orders'), false);
  refuses(image, metadataRecord('RemoveTopic', { topicId: uuid(1) }), 'APPLY.UNKNOWN_TOPIC');
});

test('Config: set, delete (null), broker configs; other resource types are refused', () => {
  const config = (resourceType: number, resourceName: string, name: string, value: string | null) => metadataRecord('Config', { resourceType, resourceName, name, value });
  let image = next(EMPTY_IMAGE, config(2, 't', 'segment.bytes', '1024'));
  image = next(image, config(2, 't', 'retention.ms', '-1'));
  assert.deepEqual([...(image.topicConfigs.get('t') ?? [])], [['segment.bytes', '1024'], ['retention.ms', '-1']]);
  image = next(image, config(2, 't', 'segment.bytes', null));
  image = next(image, config(2, 't', 'retention.ms', null));
  assert.equal(image.topicConfigs.has('t'), false, 'a resource without overrides disappears');
  image = next(image, config(4, '', 'log.retention.ms', '1000'));
  assert.equal(image.brokerConfigs.get('')?.get('log.retention.ms'), '1000');
  refuses(image, config(8, 'x', 'y', 'z'), 'APPLY.UNSUPPORTED_CONFIG_RESOURCE');
});

test('FeatureLevel sets a level; level 0 removes the feature', () => {
  let image = next(EMPTY_IMAGE, metadataRecord('FeatureLevel', { name: 'metadata.version', featureLevel: 14 }));
  assert.equal(image.features.get('metadata.version'), 14);
  image = next(image, metadataRecord('FeatureLevel', { name: 'metadata.version', featureLevel: 0 }));
  assert.equal(image.features.has('metadata.version'), false);
});

test('ProducerIds only moves forward', () => {
  const image = sampleImage();
  assert.equal(image.nextProducerId, 1000);
  assert.equal(next(image, metadataRecord('ProducerIds', { brokerId: 1, brokerEpoch: 1, nextProducerId: 2000 })).nextProducerId, 2000);
  refuses(image, metadataRecord('ProducerIds', { brokerId: 1, brokerEpoch: 1, nextProducerId: 1000 }), 'APPLY.PRODUCER_ID_NOT_INCREASING');
});

test('the image records the last applied offset and epoch, and offsets must increase', () => {
  let image = apply(EMPTY_IMAGE, metadataRecord('NoOp', {}), 10, 3);
  assert.deepEqual([image.lastAppliedOffset, image.lastAppliedEpoch], [10, 3]);
  image = apply(image, metadataRecord('NoOp', {}), 12, 4);
  assert.deepEqual([image.lastAppliedOffset, image.lastAppliedEpoch], [12, 4]);
  assert.throws(() => apply(image, metadataRecord('NoOp', {}), 12, 4), (e: unknown) => e instanceof MetadataApplyError && e.code === 'APPLY.OFFSET_NOT_INCREASING');
});

test('apply never changes the image it is given: older images stay valid and share what did not change', () => {
  const records = sampleRecords();
  const before = replay(records.slice(0, -3));
  const snapshotOfBefore = JSON.stringify(before, (_k, v) => (v instanceof Map ? [...v] : v));
  const after = replay(records.slice(-3), before);
  assert.equal(JSON.stringify(before, (_k, v) => (v instanceof Map ? [...v] : v)), snapshotOfBefore);
  assert.equal(after.brokers, before.brokers, 'brokers were not touched, so the map is shared');
  assert.notEqual(after.topicsById, before.topicsById);
});

test('applyBatch equals applying one by one, and is all or nothing', () => {
  const records = sampleRecords();
  const oneByOne = replay(records);
  const batched = applyBatch(applyBatch(EMPTY_IMAGE, records.slice(0, 5), 0, 1), records.slice(5), 5, 1);
  assert.deepStrictEqual(batched, oneByOne);
  const bad = [metadataRecord('NoOp', {}), change({ partitionId: 0, leader: 3 })];
  assert.throws(
    () => applyBatch(oneByOne, bad, oneByOne.lastAppliedOffset + 1, 1),
    (e: unknown) => e instanceof MetadataApplyError && e.code === 'APPLY.INVALID_PARTITION' && e.message.startsWith(`at offset ${oneByOne.lastAppliedOffset + 2}: `),
  );
  assert.deepEqual(applyBatch(oneByOne, [], oneByOne.lastAppliedOffset + 1, 1), oneByOne, 'an empty batch changes nothing');
});

test(`applyBatch over random chunks of random valid histories equals apply one by one (PROPERTY_SEED=${SEED})`, () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()) as fc.Arbitrary<Choice>, { maxLength: 100, size: 'max' }), fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1 }), (cs, sizes) => {
      const { records, epochs } = historyFrom(cs);
      let single = EMPTY_IMAGE;
      records.forEach((r, i) => (single = apply(single, r, i, epochs[i] as number)));
      let batched = EMPTY_IMAGE;
      for (let i = 0, k = 0; i < records.length; k++) {
        let n = sizes[k % sizes.length] as number;
        while (n > 1 && epochs[i + n - 1] !== epochs[i]) n--; // a Raft batch has one epoch
        batched = applyBatch(batched, records.slice(i, i + n), i, epochs[i] as number);
        i += n;
      }
      assert.deepStrictEqual(batched, single);
    }),
    { seed: SEED, numRuns: 200 },
  );
});

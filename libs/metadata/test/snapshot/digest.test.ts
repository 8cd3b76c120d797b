import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apply, digest, metadataRecord, type MetadataImage } from '../../src';
import { replay, sampleImage, sampleRecords } from '../kit';

test('the digest of an image is pinned: a change to it is a change to the snapshot format', () => {
  assert.equal(digest(sampleImage()), 'f6b52577fa912784d2559861f58e228a1565811d0d7b1884fa02f67eff03389c');
});

test('the digest does not depend on the order the maps were filled in', () => {
  const image = sampleImage();
  const reversed = (m: ReadonlyMap<unknown, unknown>) => new Map([...m].reverse());
  const shuffled = {
    ...image,
    brokers: reversed(image.brokers),
    topicsById: reversed(image.topicsById),
    topicIdsByName: reversed(image.topicIdsByName),
  } as MetadataImage;
  assert.equal(digest(shuffled), digest(image));
});

test('the digest changes with the content and with the applied position', () => {
  const image = sampleImage();
  const noop = apply(image, metadataRecord('NoOp', {}), image.lastAppliedOffset + 1, image.lastAppliedEpoch);
  assert.notEqual(digest(noop), digest(image), 'same content, later offset');
  const sameOffsetOtherEpoch = replay(sampleRecords(), undefined, 2);
  assert.notEqual(digest(sameOffsetOtherEpoch), digest(image), 'same offset, other epoch');
  const changed = apply(image, metadataRecord('Config', { resourceType: 2, resourceName: 'orders', name: 'retention.ms', value: '1' }), image.lastAppliedOffset + 1, image.lastAppliedEpoch);
  const unchanged = apply(image, metadataRecord('Config', { resourceType: 2, resourceName: 'orders', name: 'retention.ms', value: '3600000' }), image.lastAppliedOffset + 1, image.lastAppliedEpoch);
  assert.notEqual(digest(changed), digest(unchanged), 'same position, one config value differs');
});

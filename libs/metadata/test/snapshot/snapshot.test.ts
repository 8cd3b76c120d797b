import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  EMPTY_IMAGE,
  apply,
  decodeMetadataRecord,
  digest,
  encodeMetadataRecord,
  imageToRecords,
  loadSnapshot,
  type MetadataImage,
  type MetadataRecord,
} from '../../src';
import { sampleImage } from '../kit';
import { historyFrom, type Choice } from '../random-history';

const SEED = Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31);

function replayFrom(image: MetadataImage, records: readonly MetadataRecord[], epochs: readonly number[], from: number): MetadataImage {
  let out = image;
  for (let i = from; i < records.length; i++) out = apply(out, records[i] as MetadataRecord, i, epochs[i] as number);
  return out;
}

const choices = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()) as fc.Arbitrary<Choice>, { maxLength: 150, size: 'max' });

test(`snapshot round trip: replay of everything == snapshot (through bytes) of a prefix, then replay of the rest (PROPERTY_SEED=${SEED})`, () => {
  console.log('snapshot property seed', SEED);
  let records = 0;
  const seen = new Set<string>();
  fc.assert(
    fc.property(choices, fc.nat(), (cs, cut) => {
      const history = historyFrom(cs);
      const full = replayFrom(EMPTY_IMAGE, history.records, history.epochs, 0);
      const k = history.records.length === 0 ? 0 : cut % (history.records.length + 1);
      const prefix = replayFrom(EMPTY_IMAGE, history.records.slice(0, k), history.epochs, 0);
      const snapshotBytes = imageToRecords(prefix).map(encodeMetadataRecord);
      const loaded = loadSnapshot(snapshotBytes.map(decodeMetadataRecord), prefix.lastAppliedOffset, prefix.lastAppliedEpoch);
      const resumed = replayFrom(loaded, history.records, history.epochs, k);
      assert.deepStrictEqual(resumed, full);
      assert.equal(digest(resumed), digest(full));
      records += history.records.length;
      for (const r of history.records) seen.add(r.type);
    }),
    { seed: SEED, numRuns: 300 },
  );
  console.log(`snapshot property: 300 histories, ${records} records`);
  assert.ok(records > 3000, 'histories must be long enough to mean something');
  const written = ['RegisterBroker', 'BrokerRegistrationChange', 'Topic', 'Partition', 'PartitionChange', 'RemoveTopic', 'Config', 'ProducerIds', 'FeatureLevel', 'NoOp'];
  assert.deepEqual(written.filter((t) => !seen.has(t)), [], 'every record type the controller writes appears');
});

test('a snapshot is deterministic, idempotent and no longer than the history it replaces', () => {
  const image = sampleImage();
  const snapshot = imageToRecords(image);
  assert.deepEqual(snapshot.map((r) => r.type), [
    'FeatureLevel',
    'RegisterBroker',
    'RegisterBroker',
    'RegisterBroker',
    'Topic',
    'Partition',
    'Partition',
    'Partition',
    'Config',
    'ProducerIds',
  ]);
  const reloaded = loadSnapshot(snapshot, image.lastAppliedOffset, image.lastAppliedEpoch);
  assert.deepStrictEqual(reloaded, image);
  assert.deepEqual(imageToRecords(reloaded).map(encodeMetadataRecord), snapshot.map(encodeMetadataRecord));
  assert.deepEqual(loadSnapshot([], 5, 2), { ...EMPTY_IMAGE, lastAppliedOffset: 5, lastAppliedEpoch: 2 });
});

test('a snapshot keeps fenced and controlled-shutdown state inside the broker registration', () => {
  const image = sampleImage();
  const broker = image.brokers.get(2);
  assert.ok(broker);
  const fenced = { ...image, brokers: new Map(image.brokers).set(2, { ...broker, fenced: true, inControlledShutdown: true }) };
  const reloaded = loadSnapshot(imageToRecords(fenced), fenced.lastAppliedOffset, fenced.lastAppliedEpoch);
  assert.deepEqual([reloaded.brokers.get(2)?.fenced, reloaded.brokers.get(2)?.inControlledShutdown], [true, true]);
});

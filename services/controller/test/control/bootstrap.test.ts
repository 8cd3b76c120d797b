import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_IMAGE, apply } from '@orderlab/metadata';
import { activationRecords } from '../../src/control';

test('an empty log gets metadata.version 14 first; a log that has one gets nothing', () => {
  const records = activationRecords(EMPTY_IMAGE);
  assert.deepEqual(records, [{ type: 'FeatureLevel', name: 'metadata.version', featureLevel: 14 }]);
  assert.deepEqual(activationRecords(apply(EMPTY_IMAGE, records[0] as never, 0, 1)), []);
});

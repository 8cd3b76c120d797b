import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { ConfigOperation } from '../../../src/control';
import { Harness } from '../kit';

const TOPIC = 2;
const BROKER = 4;

function cluster() {
  const h = new Harness();
  h.addBrokers(1);
  h.createTopic('t', 1, 1, { 'retention.ms': '1000', 'segment.bytes': '2048' });
  h.createTopic('__consumer_offsets', 1, 1, { 'segment.bytes': '4096' });
  return h;
}

const configsOf = (h: Harness, topic: string) => Object.fromEntries(h.image.topicConfigs.get(topic) ?? []);

test('AlterConfigs replaces the overrides: named ones set, the rest back to defaults; only changed keys are written', () => {
  const h = cluster();
  const r = h.runWithRecords((image) => h.control.alterConfigs(image, [{ resourceType: TOPIC, resourceName: 't', configs: [{ name: 'retention.ms', value: '1000' }, { name: 'max.message.bytes', value: '100' }] }], false));
  assert.deepEqual(r.response, [{ resourceType: TOPIC, resourceName: 't', errorCode: 0, errorMessage: null }]);
  assert.deepEqual(r.records.map((x) => x.type === 'Config' && [x.name, x.value]), [['max.message.bytes', '100'], ['segment.bytes', null]]);
  assert.deepEqual(configsOf(h, 't'), { 'retention.ms': '1000', 'max.message.bytes': '100' });
});

test('IncrementalAlterConfigs: SET and DELETE key by key; APPEND/SUBTRACT only on list configs', () => {
  const h = cluster();
  const alter = (configs: Array<{ name: string; configOperation: number; value: string | null }>) =>
    h.run((image) => h.control.incrementalAlterConfigs(image, [{ resourceType: TOPIC, resourceName: 't', configs }], false))[0];
  assert.equal(alter([{ name: 'segment.bytes', configOperation: ConfigOperation.SET, value: '4096' }, { name: 'retention.ms', configOperation: ConfigOperation.DELETE, value: null }])?.errorCode, 0);
  assert.deepEqual(configsOf(h, 't'), { 'segment.bytes': '4096' });
  assert.equal(alter([{ name: 'cleanup.policy', configOperation: ConfigOperation.APPEND, value: 'delete' }])?.errorCode, 0);
  assert.equal(configsOf(h, 't')['cleanup.policy'], 'delete');
  const notList = alter([{ name: 'segment.bytes', configOperation: ConfigOperation.APPEND, value: '1' }]);
  assert.deepEqual([notList?.errorCode, notList?.errorMessage], [ErrorCode.INVALID_CONFIG, "Can't APPEND to key segment.bytes because its type is not LIST."]);
  const emptied = alter([{ name: 'cleanup.policy', configOperation: ConfigOperation.SUBTRACT, value: 'delete' }]);
  assert.equal(emptied?.errorCode, ErrorCode.INVALID_CONFIG, 'an empty cleanup.policy is not a valid policy');
  const dup = alter([{ name: 'segment.bytes', configOperation: ConfigOperation.SET, value: '4096' }, { name: 'segment.bytes', configOperation: ConfigOperation.DELETE, value: null }]);
  assert.deepEqual([dup?.errorCode, dup?.errorMessage], [ErrorCode.INVALID_REQUEST, 'Error due to duplicate config keys']);
  assert.equal(alter([{ name: 'segment.bytes', configOperation: 9, value: '1' }])?.errorCode, ErrorCode.INVALID_REQUEST);
});

test('invalid values, unknown names, unknown topics and broker resources are refused, nothing written', () => {
  const h = cluster();
  const before = h.log.length;
  const r = h.run((image) =>
    h.control.alterConfigs(
      image,
      [
        { resourceType: TOPIC, resourceName: 't', configs: [{ name: 'segment.bytes', value: 'x' }] },
        { resourceType: TOPIC, resourceName: 't', configs: [{ name: 'nope', value: '1' }] },
        { resourceType: TOPIC, resourceName: 'missing', configs: [] },
        { resourceType: BROKER, resourceName: '1', configs: [] },
        { resourceType: 8, resourceName: 'x', configs: [] },
        { resourceType: TOPIC, resourceName: 't', configs: [{ name: 'retention.ms', value: null }] },
      ],
      false,
    ),
  );
  assert.deepEqual(r.map((x) => [x.errorCode, x.errorMessage]), [
    [ErrorCode.INVALID_CONFIG, 'Invalid value "x" for configuration segment.bytes: must be an integer'],
    [ErrorCode.INVALID_CONFIG, 'Unknown topic config name: nope'],
    [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "The topic 'missing' does not exist."],
    [ErrorCode.INVALID_REQUEST, 'Broker configs are static here: restart the broker with new flags.'],
    [ErrorCode.INVALID_REQUEST, 'Unsupported resource type 8.'],
    [ErrorCode.INVALID_CONFIG, 'Null value not supported for topic configs: retention.ms'],
  ]);
  assert.equal(h.log.length, before);
});

test("an internal topic keeps retention.ms=-1: a legacy AlterConfigs that leaves it out keeps it, an explicit change is POLICY_VIOLATION", () => {
  const h = cluster();
  assert.equal(configsOf(h, '__consumer_offsets')['retention.ms'], '-1');
  const replace = h.run((image) => h.control.alterConfigs(image, [{ resourceType: TOPIC, resourceName: '__consumer_offsets', configs: [{ name: 'segment.bytes', value: '8192' }] }], false))[0];
  assert.equal(replace?.errorCode, 0);
  assert.deepEqual(configsOf(h, '__consumer_offsets'), { 'retention.ms': '-1', 'segment.bytes': '8192' });
  const set = h.run((image) => h.control.alterConfigs(image, [{ resourceType: TOPIC, resourceName: '__consumer_offsets', configs: [{ name: 'retention.ms', value: '604800000' }] }], false))[0];
  assert.deepEqual([set?.errorCode, set?.errorMessage], [
    ErrorCode.POLICY_VIOLATION,
    'Topic __consumer_offsets is internal and requires retention.ms=-1 (no compaction here, so it must keep every record); refusing retention.ms=604800000.',
  ]);
  const del = h.run((image) => h.control.incrementalAlterConfigs(image, [{ resourceType: TOPIC, resourceName: '__consumer_offsets', configs: [{ name: 'retention.ms', configOperation: ConfigOperation.DELETE, value: null }] }], false))[0];
  assert.deepEqual([del?.errorCode, del?.errorMessage?.endsWith('it cannot be deleted.')], [ErrorCode.POLICY_VIOLATION, true]);
  assert.equal(configsOf(h, '__consumer_offsets')['retention.ms'], '-1');
});

test('validateOnly checks everything and writes nothing', () => {
  const h = cluster();
  const r = h.runWithRecords((image) => h.control.alterConfigs(image, [{ resourceType: TOPIC, resourceName: 't', configs: [] }], true));
  assert.deepEqual([r.records, r.response[0]?.errorCode], [[], 0]);
  assert.deepEqual(configsOf(h, 't'), { 'retention.ms': '1000', 'segment.bytes': '2048' });
});

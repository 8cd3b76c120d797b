import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBrokerConfig } from '../../src/config/broker-config';
import { effectiveTopicConfigs, logConfigFor, validateTopicConfigs } from '../../src/topics/topic-config';
import { topicNameProblem } from '../../src/topics/topic-name';

test('known configs validate; unknown names and bad values are named in the error', () => {
  assert.equal(validateTopicConfigs({ 'retention.ms': '-1', 'cleanup.policy': 'delete', 'min.insync.replicas': '2' }), null);
  assert.match(validateTopicConfigs({ 'retention.msec': '1' }) ?? '', /Unknown topic config name: retention.msec/);
  assert.match(validateTopicConfigs({ 'cleanup.policy': 'compact' }) ?? '', /must be one of delete/);
  assert.match(validateTopicConfigs({ 'segment.bytes': '12' }) ?? '', /at least 1024/);
  assert.match(validateTopicConfigs({ 'min.insync.replicas': 'two' }) ?? '', /integer/);
});

test('effective configs fall back to broker defaults and feed the log config', () => {
  const broker = buildBrokerConfig({ dataDir: '/tmp/x', logSegmentBytes: 4096, controllerQuorumVoters: '1001@127.0.0.1:9093' });
  const e = effectiveTopicConfigs({ 'retention.ms': '1000' }, broker);
  assert.deepEqual(e['retention.ms'], { value: '1000', isDefault: false });
  assert.deepEqual(e['segment.bytes'], { value: '4096', isDefault: true });
  assert.equal(logConfigFor({ 'retention.ms': '1000' }, broker).retentionMs, 1000);
});

test('topic names follow Kafka\'s rule', () => {
  assert.equal(topicNameProblem('orders.v1_x-y'), null);
  assert.ok(topicNameProblem(''));
  assert.ok(topicNameProblem('..'));
  assert.ok(topicNameProblem('a'.repeat(250)));
  assert.ok(topicNameProblem('bad name'));
});

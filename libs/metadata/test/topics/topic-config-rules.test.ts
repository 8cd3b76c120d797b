import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOPIC_CONFIG_RULES, isListConfig, requiredConfigViolation, requiredConfigs, topicConfigsProblem } from '../../src';

const problem = (entries: Record<string, string>) => topicConfigsProblem(new Map(Object.entries(entries)));

test('known configs with valid values pass; the first bad one is named', () => {
  assert.equal(problem({ 'retention.ms': '-1', 'segment.bytes': '1024', 'cleanup.policy': 'delete', 'min.insync.replicas': '2' }), null);
  assert.equal(problem({ 'retention.mss': '1' }), 'Unknown topic config name: retention.mss');
  assert.equal(problem({ 'retention.ms': '-2' }), 'Invalid value "-2" for configuration retention.ms: must be at least -1');
  assert.equal(problem({ 'segment.bytes': '1e3' }), 'Invalid value "1e3" for configuration segment.bytes: must be an integer');
  assert.equal(problem({ 'segment.bytes': String(2 ** 31) }), `Invalid value "${2 ** 31}" for configuration segment.bytes: must be at most ${2 ** 31 - 1}`);
  assert.equal(problem({ 'retention.ms': '99999999999999999999' }), 'Invalid value "99999999999999999999" for configuration retention.ms: out of range');
  assert.equal(problem({ 'cleanup.policy': 'delete,compact' }), 'Invalid value "delete,compact" for configuration cleanup.policy: must be one of delete');
  assert.deepEqual(Object.keys(TOPIC_CONFIG_RULES).filter(isListConfig), ['cleanup.policy']);
});

test('internal topics require retention.ms=-1; only an explicit change against it is a violation', () => {
  assert.deepEqual([...requiredConfigs('__consumer_offsets')], [['retention.ms', '-1']]);
  assert.equal(requiredConfigs('orders').size, 0);
  assert.equal(requiredConfigViolation('__consumer_offsets', new Map([['segment.bytes', '1024']])), null);
  assert.equal(requiredConfigViolation('__consumer_offsets', new Map([['retention.ms', '-1']])), null);
  assert.match(requiredConfigViolation('__consumer_offsets', new Map([['retention.ms', '5']])) ?? '', /requires retention\.ms=-1 .*refusing retention\.ms=5\.$/);
  assert.match(requiredConfigViolation('__transaction_state', new Map([['retention.ms', null]])) ?? '', /it cannot be deleted\.$/);
  assert.equal(requiredConfigViolation('orders', new Map([['retention.ms', '5']])), null);
});

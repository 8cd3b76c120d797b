import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isInternalTopic, withRequiredConfigs } from '../../src/topics/internal-topics';

test('internal topics are named, as Kafka names them; other "__" topics are user topics', () => {
  assert.equal(isInternalTopic('__consumer_offsets'), true);
  assert.equal(isInternalTopic('__transaction_state'), true);
  assert.equal(isInternalTopic('__my_topic'), false);
});

test('__consumer_offsets keeps retention.ms=-1, retention.bytes=-1 and delete whatever AlterConfigs omits; a conflicting value is a problem naming it', () => {
  assert.deepEqual(withRequiredConfigs('__consumer_offsets', { 'segment.bytes': '2048' }), {
    configs: { 'segment.bytes': '2048', 'retention.ms': '-1', 'retention.bytes': '-1', 'cleanup.policy': 'delete' },
  });
  const refused = withRequiredConfigs('__consumer_offsets', { 'retention.ms': '1000' });
  assert.ok('problem' in refused);
  assert.match(refused.problem, /retention\.ms of internal topic __consumer_offsets must stay -1/);
  assert.deepEqual(withRequiredConfigs('orders', { 'retention.ms': '1000' }), { configs: { 'retention.ms': '1000' } });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { Harness } from '../kit';

const ZERO = Buffer.alloc(16);

function cluster() {
  const h = new Harness();
  h.addBrokers(1);
  h.createTopic('a', 2, 1, { 'retention.ms': '1000' });
  h.createTopic('b', 1, 1);
  h.createTopic('__consumer_offsets', 1, 1);
  return h;
}

test('topics are deleted by name or by id, in one batch of RemoveTopicRecords; their configs go with them', () => {
  const h = cluster();
  const idB = h.topicId('b');
  const r = h.runWithRecords((image) => h.control.deleteTopics(image, { topicNames: ['a'], topics: [{ name: null, topicId: idB }] }));
  assert.deepEqual(r.records.map((x) => x.type), ['RemoveTopic', 'RemoveTopic']);
  assert.deepEqual(r.response.map((x) => [x.name, x.errorCode]), [['a', 0], ['b', 0]]);
  assert.deepEqual([...h.image.topicIdsByName.keys()], ['__consumer_offsets']);
  assert.equal(h.image.topicConfigs.has('a'), false);
});

test('unknown names, unknown ids, duplicates, both or neither, and internal topics are refused', () => {
  const h = cluster();
  const idA = h.topicId('a');
  const r = h.runWithRecords((image) =>
    h.control.deleteTopics(image, {
      topicNames: ['nope', 'b', 'b', '__consumer_offsets'],
      topics: [{ name: null, topicId: Buffer.alloc(16, 77) }, { name: 'a', topicId: idA }, { name: null, topicId: ZERO }],
    }),
  );
  assert.deepEqual(r.records, []);
  assert.deepEqual(r.response.map((x) => [x.name, x.errorCode, x.errorMessage]), [
    ['nope', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'This server does not host this topic-partition.'],
    ['b', ErrorCode.INVALID_REQUEST, 'Duplicate topic name.'],
    ['__consumer_offsets', ErrorCode.INVALID_TOPIC_EXCEPTION, 'Topic __consumer_offsets is internal and cannot be deleted.'],
    [null, ErrorCode.UNKNOWN_TOPIC_ID, 'This server does not host this topic ID.'],
    ['a', ErrorCode.INVALID_REQUEST, 'You may not specify both topic name and topic id.'],
    [null, ErrorCode.INVALID_REQUEST, 'Neither topic name nor id were specified.'],
  ]);
});

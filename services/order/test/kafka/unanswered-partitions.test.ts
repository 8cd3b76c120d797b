import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { unansweredPartitions } from '../../src/kafka/unanswered-partitions';

describe('unansweredPartitions', () => {
  test('every partition answered with an offset: none', () => {
    assert.deepEqual([...unansweredPartitions([0, 1, 1, 3], [{ partition: 0, errorCode: 0, baseOffset: '5' }, { partition: 1, errorCode: 0, baseOffset: '0' }, { partition: 3, baseOffset: '9' }])], []);
  });

  test('a partition missing from the answer (kafkajs dropped it after a leader move) is reported once', () => {
    assert.deepEqual([...unansweredPartitions([5, 0, 5, 5], [{ partition: 0, errorCode: 0, baseOffset: '12' }])], [5]);
  });

  test('an answer without an offset, with an error, or with offset -1 does not count', () => {
    assert.deepEqual([...unansweredPartitions([0, 1, 2], [{ partition: 0, errorCode: 0 }, { partition: 1, errorCode: 6, baseOffset: '3' }, { partition: 2, errorCode: 0, baseOffset: '-1' }])].sort(), [0, 1, 2]);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collidingTopic, topicNameProblem } from '../../src';
import { replay, topic } from '../kit';

test("Kafka's topic-name rule", () => {
  for (const ok of ['orders', 'a.b_c-D9', 'x'.repeat(249)]) assert.equal(topicNameProblem(ok), null, ok);
  assert.equal(topicNameProblem(''), "Topic name is illegal, it can't be empty");
  assert.equal(topicNameProblem('.'), 'Topic name cannot be "." or ".."');
  assert.equal(topicNameProblem('x'.repeat(250)), "Topic name is illegal, it can't be longer than 249 characters");
  assert.equal(topicNameProblem('ö'), `Topic name "ö" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`);
});

test("names that are equal once '.' becomes '_' collide (they share metric names)", () => {
  const image = replay([topic('my.topic', 1), topic('plain', 2)]);
  assert.equal(collidingTopic(image, 'my_topic'), 'my.topic');
  assert.equal(collidingTopic(image, 'my.topic'), undefined, 'the same name is not a collision (it is TOPIC_ALREADY_EXISTS)');
  assert.equal(collidingTopic(image, 'my-topic'), undefined);
  assert.equal(collidingTopic(image, 'plain'), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { Kafka, type Consumer } from 'kafkajs';
import { MessageFedConsumer, type FedMessage } from '../src/message-fed-consumer';
import { recordingLogger } from './fakes';

/** The parts of a kafkajs consumer the adapter touches: instrumentation events, seek, commitOffsets. */
class FakeKafkajsConsumer extends EventEmitter {
  readonly events = { GROUP_JOIN: 'join', CRASH: 'crash', HEARTBEAT: 'hb', FETCH_START: 'fetch' };
  readonly seeks: Array<{ partition: number; offset: string }> = [];
  readonly commits: Array<Array<{ partition: number; offset: string }>> = [];
  seek(s: { topic: string; partition: number; offset: string }): void {
    this.seeks.push({ partition: s.partition, offset: s.offset });
  }
  async commitOffsets(o: Array<{ topic: string; partition: number; offset: string }>): Promise<void> {
    this.commits.push(o.map((x) => ({ partition: x.partition, offset: x.offset })));
  }
  join(partitions: number[]): void {
    this.emit('join', { payload: { memberAssignment: { orders: partitions } } });
  }
}

const message = (partition: number, offset: number): FedMessage => ({ topic: 'orders', partition, offset: String(offset), timestamp: '0', key: 'c-1', value: Buffer.from('{}'), headers: { h: 'v' } });
const noHeartbeat = async () => undefined;

function setup(defer?: { maxRecords: number; maxDelayMs: number }) {
  const kafkajs = new FakeKafkajsConsumer();
  const feed = new MessageFedConsumer(new Kafka({ brokers: ['127.0.0.1:1'] }), 'orders', recordingLogger(), defer ? { deferCommits: defer } : {});
  feed.attach(kafkajs as unknown as Consumer, () => undefined);
  return { kafkajs, feed };
}

test('after a join the fetch offset is unknown: the record itself is taken as where the fetch began', () => {
  const { kafkajs, feed } = setup();
  kafkajs.join([0]);
  const p = feed.prepare(message(0, 7), noHeartbeat);
  assert.equal(p.batch.fetchedOffset, 7);
  assert.deepEqual(p.batch.records[0]?.key, Buffer.from('c-1'));
  p.settle();
  assert.equal(feed.prepare(message(0, 8), noHeartbeat).batch.fetchedOffset, 8, 'the next record was read on from 7 + 1');
});

test('after a seek the next record was fetched at the seek target, and the record being worked on is inactive', () => {
  const { kafkajs, feed } = setup();
  kafkajs.join([0]);
  const p = feed.prepare(message(0, 12), noHeartbeat);
  assert.equal(p.control.isActive(), true);
  feed.seek({ topic: 'orders', partition: 0 }, 5);
  assert.equal(p.control.isActive(), false);
  p.settle();
  assert.deepEqual(kafkajs.seeks, [{ partition: 0, offset: '5' }]);
  assert.equal(feed.prepare(message(0, 6), noHeartbeat).batch.fetchedOffset, 5, 'a record past a hole after the seek still counts as fetched at 5');
});

test('a new join forgets every fetch offset and makes records in progress inactive', () => {
  const { kafkajs, feed } = setup();
  kafkajs.join([0]);
  feed.seek({ topic: 'orders', partition: 0 }, 5);
  const p = feed.prepare(message(0, 5), noHeartbeat);
  kafkajs.join([0, 1]);
  assert.equal(p.control.isActive(), false);
  assert.deepEqual(feed.assigned(), [{ topic: 'orders', partition: 0 }, { topic: 'orders', partition: 1 }]);
  assert.equal(feed.prepare(message(0, 9), noHeartbeat).batch.fetchedOffset, 9, 'a seek of the previous generation says nothing about this fetch');
});

test('deferred commits: sent once maxRecords are pending (the latest offset of each partition), after maxDelayMs otherwise, dropped by a join', async () => {
  const { kafkajs, feed } = setup({ maxRecords: 3, maxDelayMs: 20 });
  kafkajs.join([0, 1]);
  await feed.commit([{ topic: 'orders', partition: 0, offset: 1 }]);
  await feed.commit([{ topic: 'orders', partition: 1, offset: 4 }]);
  assert.deepEqual(kafkajs.commits, []);
  await feed.commit([{ topic: 'orders', partition: 0, offset: 2 }]);
  assert.deepEqual(kafkajs.commits, [[{ partition: 0, offset: '2' }, { partition: 1, offset: '4' }]]);
  await feed.commit([{ topic: 'orders', partition: 0, offset: 3 }]);
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(kafkajs.commits.at(-1), [{ partition: 0, offset: '3' }], 'the timer sent the rest');
  await feed.commit([{ topic: 'orders', partition: 0, offset: 4 }]);
  kafkajs.join([0]);
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(kafkajs.commits.length, 2, 'what was pending at the join is not committed with the new generation');
});

test('without deferral every commit is sent at once (at-most-once commits before processing)', async () => {
  const { kafkajs, feed } = setup();
  kafkajs.join([0]);
  await feed.commit([{ topic: 'orders', partition: 0, offset: 1 }]);
  assert.deepEqual(kafkajs.commits, [[{ partition: 0, offset: '1' }]]);
});

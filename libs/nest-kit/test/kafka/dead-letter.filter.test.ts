import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArgumentsHost } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { encodeEvent, type OrderPlaced } from '@orderlab/events';
import { DeadLetterFilter } from '../../src/kafka/dead-letter.filter';
import { InvalidEventException } from '../../src/kafka/invalid-event.exception';
import type { OrderEventsConsumer } from '../../src/kafka/order-events-consumer';
import { OrderPlacedPipe } from '../../src/kafka/order-placed.pipe';

const order: OrderPlaced = {
  type: 'OrderPlaced',
  schemaVersion: 1,
  orderId: 'o-1',
  customerId: 'c-1',
  city: 'Lahore',
  items: [{ sku: 'tea', qty: 2, unitPriceCents: 350 }],
  currency: 'PKR',
  totalCents: 700,
  placedAt: '2026-11-24T10:00:00.000Z',
};

function filterWithConsumer() {
  const deadLetters: { ctx: KafkaContext; reason: string }[] = [];
  const consumer = { deadLetter: async (ctx: KafkaContext, reason: string) => void deadLetters.push({ ctx, reason }) } as unknown as OrderEventsConsumer;
  const ctx = { marker: 'the record' } as unknown as KafkaContext;
  const host = { switchToRpc: () => ({ getContext: () => ctx }) } as unknown as ArgumentsHost;
  return { filter: new DeadLetterFilter(consumer), deadLetters, ctx, host };
}

test('the pipe passes a valid OrderPlaced and throws InvalidEventException, with the reason, for anything else', () => {
  const pipe = new OrderPlacedPipe();
  assert.deepEqual(pipe.transform(encodeEvent(order)), order);
  assert.throws(() => pipe.transform(Buffer.from('not json')), (e: unknown) => e instanceof InvalidEventException && /not JSON/.test(e.reason));
  assert.throws(() => pipe.transform(encodeEvent({ ...order, totalCents: -1 })), (e: unknown) => e instanceof InvalidEventException && /totalCents/.test(e.reason));
  assert.throws(() => pipe.transform(null), InvalidEventException, 'a tombstone is not an order');
});

test('an invalid event becomes a dead letter of that record, through the consumer, with the pipe\'s reason', async () => {
  const { filter, deadLetters, ctx, host } = filterWithConsumer();
  await lastValueFrom(filter.catch(new InvalidEventException('totalCents: too small'), host), { defaultValue: undefined });
  assert.equal(deadLetters.length, 1);
  assert.equal(deadLetters[0]!.ctx, ctx);
  assert.equal(deadLetters[0]!.reason, 'totalCents: too small');
});

test('every other error reaches kafkajs unchanged (its REBALANCE_IN_PROGRESS must make it rejoin), and is not dead-lettered', async () => {
  const { filter, deadLetters, host } = filterWithConsumer();
  const rebalance = Object.assign(new Error('The group is rebalancing, so a rejoin is needed'), { type: 'REBALANCE_IN_PROGRESS' });
  await assert.rejects(lastValueFrom(filter.catch(rebalance, host)), (e: unknown) => e === rebalance);
  assert.equal(deadLetters.length, 0);
});

import { Partitioners } from 'kafkajs';
import { OrderGenerator, totalOf, type PlacedOrderAnswer } from '@orderlab/cli';
import { TOPICS } from '@orderlab/events';
import { kafkaClient } from './kafkajs-client';

/**
 * Valid OrderPlaced events produced straight to the orders topic (kafkajs, keyed by customer):
 * load for the consumers while the order service cannot take orders, e.g. with Redis down.
 */
export async function produceOrders(bootstrap: string, count: number, o: { customers: number; seed: number }): Promise<PlacedOrderAnswer[]> {
  const gen = new OrderGenerator(o.seed);
  const producer = kafkaClient(bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const out: PlacedOrderAnswer[] = [];
    for (let i = 0; i < count; i++) {
      const request = gen.next(i % o.customers);
      const orderId = `produced-${o.seed}-${i}`;
      const event = { type: 'OrderPlaced', schemaVersion: 1, orderId, ...request, totalCents: totalOf(request), placedAt: new Date().toISOString() };
      const [meta] = await producer.send({ topic: TOPICS.orders, acks: -1, messages: [{ key: request.customerId, value: JSON.stringify(event) }] });
      out.push({ orderId, customerId: request.customerId, partition: meta?.partition ?? -1, offset: Number(meta?.baseOffset ?? -1), totalCents: totalOf(request), city: request.city, request });
    }
    return out;
  } finally {
    await producer.disconnect();
  }
}

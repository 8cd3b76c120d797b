import { RawKafkaClient } from '@orderlab/cli';
import { ORDERS_TOPIC_DEFAULT_PARTITIONS, TOPICS } from '@orderlab/events';
import { readPartition } from './partition-reader';

export interface LoggedOrder {
  readonly partition: number;
  readonly offset: number;
  readonly customerId: string | undefined;
}

/** Every order id in the orders topic, with where each copy sits (read with our own Fetch, straight from the broker). */
export async function ordersInLog(brokerPort: number, partitions = ORDERS_TOPIC_DEFAULT_PARTITIONS): Promise<Map<string, LoggedOrder[]>> {
  const client = await RawKafkaClient.connect(brokerPort);
  try {
    const out = new Map<string, LoggedOrder[]>();
    for (let p = 0; p < partitions; p++) {
      for (const r of await readPartition(client, TOPICS.orders, p)) {
        const event = parsed(r.value);
        const orderId = typeof event?.orderId === 'string' ? event.orderId : `(no order id at ${p}/${r.offset})`;
        const customerId = typeof event?.customerId === 'string' ? event.customerId : undefined;
        out.set(orderId, [...(out.get(orderId) ?? []), { partition: p, offset: r.offset, customerId }]);
      }
    }
    return out;
  } finally {
    client.close();
  }
}

function parsed(value: Buffer | null): { orderId?: unknown; customerId?: unknown } | undefined {
  try {
    return JSON.parse(String(value)) as { orderId?: unknown; customerId?: unknown };
  } catch {
    return undefined;
  }
}

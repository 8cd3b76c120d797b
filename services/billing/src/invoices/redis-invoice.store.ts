import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { OFFSET_GUARD_PRELUDE, positionField } from '@orderlab/delivery';
import { REDIS } from '../redis/redis.module';
import type { BillingSummary, Invoice } from './invoice';
import type { ApplyResult, InvoiceStore } from './invoice.store';

const KEY = {
  positions: 'billing:positions',
  summary: 'billing:summary',
  orders: 'billing:orders',
  invoice: (orderId: string) => `billing:invoice:${orderId}`,
  customer: (customerId: string) => `billing:customer:${customerId}`,
};

/** Bill an order once: KEYS[2..5] = invoice, summary, billed-orders set, customer history; ARGV[3..5] = order id, invoice JSON, total. */
const BILL_ONCE = `
if redis.call('SADD', KEYS[4], ARGV[3]) == 0 then
  redis.call('HINCRBY', KEYS[3], 'duplicates', 1)
  return 0
end
redis.call('SET', KEYS[2], ARGV[4])
redis.call('HINCRBY', KEYS[3], 'invoices', 1)
redis.call('HINCRBY', KEYS[3], 'totalCents', ARGV[5])
redis.call('RPUSH', KEYS[5], ARGV[3])
return 1
`;

/** Exactly-once: the offset guard and the invoice in one script; a re-delivered offset changes nothing. */
const EXACTLY_ONCE = `${OFFSET_GUARD_PRELUDE}
if not fresh then
  redis.call('HINCRBY', KEYS[3], 'duplicates', 1)
  return 0
end
${BILL_ONCE}`;

@Injectable()
export class RedisInvoiceStore implements InvoiceStore {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  applyExactlyOnce(invoice: Invoice, topic: string): Promise<ApplyResult> {
    return this.script(EXACTLY_ONCE, invoice, positionField(topic, invoice.source.partition));
  }

  applyIdempotent(invoice: Invoice): Promise<ApplyResult> {
    return this.script(BILL_ONCE, invoice, '');
  }

  async applyPlain(invoice: Invoice): Promise<ApplyResult> {
    const results = await this.redis
      .multi()
      .sadd(KEY.orders, invoice.orderId)
      .set(KEY.invoice(invoice.orderId), JSON.stringify(invoice))
      .hincrby(KEY.summary, 'invoices', 1)
      .hincrby(KEY.summary, 'totalCents', invoice.totalCents)
      .rpush(KEY.customer(invoice.customerId), invoice.orderId)
      .exec();
    const added = results?.[0]?.[1];
    if (added !== 0) return 'applied';
    await this.redis.hincrby(KEY.summary, 'duplicates', 1);
    return 'duplicate';
  }

  positions(): Promise<Record<string, string>> {
    return this.redis.hgetall(KEY.positions);
  }

  async find(orderId: string): Promise<Invoice | null> {
    const raw = await this.redis.get(KEY.invoice(orderId));
    return raw === null ? null : (JSON.parse(raw) as Invoice);
  }

  async summary(): Promise<BillingSummary> {
    const [s, distinct] = await Promise.all([this.redis.hgetall(KEY.summary), this.redis.scard(KEY.orders)]);
    return { invoices: Number(s.invoices ?? 0), totalBilledCents: Number(s.totalCents ?? 0), duplicatesDetected: Number(s.duplicates ?? 0), distinctOrders: distinct };
  }

  customerHistory(customerId: string): Promise<string[]> {
    return this.redis.lrange(KEY.customer(customerId), 0, -1);
  }

  private async script(lua: string, invoice: Invoice, field: string): Promise<ApplyResult> {
    const keys = [KEY.positions, KEY.invoice(invoice.orderId), KEY.summary, KEY.orders, KEY.customer(invoice.customerId)];
    const result = await this.redis.eval(lua, keys.length, ...keys, field, invoice.source.offset, invoice.orderId, JSON.stringify(invoice), invoice.totalCents);
    return result === 1 ? 'applied' : 'duplicate';
  }
}

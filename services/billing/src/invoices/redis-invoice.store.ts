import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { guardArgs, scriptOutcome, type ApplyContext, type ProcessOutcome } from '@orderlab/delivery';
import { REDIS } from '@orderlab/nest-kit';
import { billingConfig, type BillingConfig } from '../config/billing-config';
import { EXACTLY_ONCE, IDEMPOTENT, PLAIN } from './billing-scripts';
import type { BillingSummary, Invoice } from './invoice';
import type { HistoryPage, InvoiceStore } from './invoice.store';

export const BILLING_KEYS = {
  positions: 'billing:positions',
  summary: 'billing:summary',
  billedOrders: 'billing:orders',
  invoice: (orderId: string) => `billing:invoice:${orderId}`,
  customer: (customerId: string) => `billing:customer:${customerId}`,
};

@Injectable()
export class RedisInvoiceStore implements InvoiceStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(billingConfig.KEY) private readonly config: BillingConfig,
  ) {}

  applyExactlyOnce(invoice: Invoice, ctx: ApplyContext): Promise<ProcessOutcome> {
    return this.script(EXACTLY_ONCE, invoice, ctx);
  }

  applyIdempotent(invoice: Invoice, ctx: ApplyContext): Promise<ProcessOutcome> {
    return this.script(IDEMPOTENT, invoice, ctx);
  }

  applyPlain(invoice: Invoice, ctx: ApplyContext): Promise<ProcessOutcome> {
    return this.script(PLAIN, invoice, ctx);
  }

  async find(orderId: string): Promise<Invoice | null> {
    const raw = await this.redis.get(BILLING_KEYS.invoice(orderId));
    return raw === null ? null : (JSON.parse(raw) as Invoice);
  }

  async summary(): Promise<BillingSummary> {
    const s = await this.redis.hgetall(BILLING_KEYS.summary);
    return {
      invoices: Number(s.invoices ?? 0),
      totalBilledCents: Number(s.totalCents ?? 0),
      duplicatesDetected: Number(s.duplicates ?? 0),
      distinctOrders: Number(s.distinctOrders ?? 0),
      invalid: Number(s.invalid ?? 0),
    };
  }

  async customerHistory(customerId: string, page: { offset: number; limit: number }): Promise<HistoryPage> {
    const key = BILLING_KEYS.customer(customerId);
    const [ids, total] = await Promise.all([this.redis.lrange(key, page.offset, page.offset + page.limit - 1), this.redis.llen(key)]);
    return { orderIds: ids, total };
  }

  private async script(lua: string, invoice: Invoice, ctx: ApplyContext): Promise<ProcessOutcome> {
    const keys = [BILLING_KEYS.positions, BILLING_KEYS.invoice(invoice.orderId), BILLING_KEYS.summary, BILLING_KEYS.billedOrders, BILLING_KEYS.customer(invoice.customerId)];
    const args = [
      ...guardArgs(ctx.record, ctx.span),
      invoice.orderId,
      JSON.stringify(invoice),
      String(invoice.totalCents),
      String(ctx.nowMs),
      String(ctx.nowMs - ctx.dedupeWindowMs),
      String(this.config.INVOICE_RETENTION_SECONDS),
      String(this.config.HISTORY_MAX_PER_CUSTOMER),
    ];
    return scriptOutcome(await this.redis.eval(lua, keys.length, ...keys, ...args));
  }
}

import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { billingConfig, type BillingConfig } from '../config/billing-config';
import type { BillingSummary, Invoice } from './invoice';
import { INVOICE_STORE, type InvoiceStore } from './invoice.store';

const HistoryQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

@Controller()
export class InvoicesHttpController {
  constructor(
    @Inject(INVOICE_STORE) private readonly store: InvoiceStore,
    @Inject(billingConfig.KEY) private readonly config: BillingConfig,
  ) {}

  @Get('invoices/:orderId')
  async invoice(@Param('orderId') orderId: string): Promise<Invoice> {
    const found = await this.store.find(orderId);
    if (!found) throw new NotFoundException({ statusCode: 404, code: 'BILLING.INVOICE_NOT_FOUND', message: `no invoice for order ${orderId}` });
    return found;
  }

  @Get('billing/summary')
  async summary(): Promise<BillingSummary & { deliveryMode: string; idempotentWrites: boolean }> {
    return { ...(await this.store.summary()), deliveryMode: this.config.delivery.mode, idempotentWrites: this.config.delivery.idempotentWrites };
  }

  /** The order ids of one customer in processing order (used to show per-key ordering), `limit` at a time from `offset`. */
  @Get('billing/customers/:customerId/history')
  async history(@Param('customerId') customerId: string, @Query() query: Record<string, string>): Promise<{ customerId: string; orderIds: string[]; total: number; nextOffset: number | null }> {
    const q = HistoryQuerySchema.safeParse(query);
    if (!q.success) throw new BadRequestException({ statusCode: 400, message: 'Validation failed', errors: q.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) });
    const page = await this.store.customerHistory(customerId, q.data);
    const next = q.data.offset + page.orderIds.length;
    return { customerId, orderIds: page.orderIds, total: page.total, nextOffset: next < page.total ? next : null };
  }
}

import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { billingConfig, type BillingConfig } from '../config/billing-config';
import type { BillingSummary, Invoice } from './invoice';
import { INVOICE_STORE, type InvoiceStore } from './invoice.store';

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

  /** The order ids of one customer in processing order (used to show per-key ordering). */
  @Get('billing/customers/:customerId/history')
  async history(@Param('customerId') customerId: string): Promise<{ customerId: string; orderIds: string[] }> {
    return { customerId, orderIds: await this.store.customerHistory(customerId) };
  }
}

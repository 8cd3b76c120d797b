import { Inject, Injectable } from '@nestjs/common';
import { applyAsModeSays, type ConsumedRecord, type DedupeWindow, type GuardSpan, type ProcessOutcome, type RecordProcessor } from '@orderlab/delivery';
import { OrderPlacedSchema, decodeEvent } from '@orderlab/events';
import { DEDUPE_WINDOW } from '@orderlab/nest-kit';
import { billingConfig, type BillingConfig } from '../config/billing-config';
import { invoiceFor } from './invoice';
import { INVOICE_STORE, type InvoiceStore } from './invoice.store';

/** One OrderPlaced → one invoice, written the way the configured delivery mode asks. */
@Injectable()
export class BillingProcessor implements RecordProcessor {
  constructor(
    @Inject(INVOICE_STORE) private readonly store: InvoiceStore,
    @Inject(billingConfig.KEY) private readonly config: BillingConfig,
    @Inject(DEDUPE_WINDOW) private readonly window: DedupeWindow,
  ) {}

  async process(record: ConsumedRecord, span: GuardSpan): Promise<ProcessOutcome> {
    const decoded = decodeEvent(OrderPlacedSchema, record.value);
    if (!decoded.ok) return { kind: 'invalid', reason: decoded.error.message };
    const now = Date.now();
    const invoice = invoiceFor(decoded.value, record.partition, record.offset, now);
    return applyAsModeSays(this.store, invoice, { record, span, nowMs: now, dedupeWindowMs: this.window.ms }, this.config.delivery);
  }
}

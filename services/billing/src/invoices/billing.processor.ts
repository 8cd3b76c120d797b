import { Inject, Injectable } from '@nestjs/common';
import type { ConsumedRecord, ProcessOutcome, RecordProcessor } from '@orderlab/delivery';
import { OrderPlacedSchema, decodeEvent } from '@orderlab/events';
import { billingConfig, type BillingConfig } from '../config/billing-config';
import { invoiceFor } from './invoice';
import { INVOICE_STORE, type InvoiceStore } from './invoice.store';

/** One OrderPlaced → one invoice, written the way the configured delivery mode asks. */
@Injectable()
export class BillingProcessor implements RecordProcessor {
  constructor(
    @Inject(INVOICE_STORE) private readonly store: InvoiceStore,
    @Inject(billingConfig.KEY) private readonly config: BillingConfig,
  ) {}

  async process(record: ConsumedRecord): Promise<ProcessOutcome> {
    const decoded = decodeEvent(OrderPlacedSchema, record.value);
    if (!decoded.ok) return { kind: 'invalid', reason: decoded.error.message };
    const invoice = invoiceFor(decoded.value, record.partition, record.offset, Date.now());
    const { mode, idempotentWrites } = this.config.delivery;
    const result =
      mode === 'exactly-once'
        ? await this.store.applyExactlyOnce(invoice, record.topic)
        : mode === 'at-least-once' && idempotentWrites
          ? await this.store.applyIdempotent(invoice)
          : await this.store.applyPlain(invoice);
    return { kind: result };
  }
}

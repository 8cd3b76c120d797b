import type { ConsumedRecord, GuardSpan, ProcessOutcome } from '@orderlab/delivery';
import type { BillingSummary, Invoice } from './invoice';

/** Where one write happens and what it may forget: the record (exactly-once checks its offset), the clock, the dedupe window. */
export interface ApplyContext {
  readonly record: ConsumedRecord;
  readonly span: GuardSpan;
  readonly nowMs: number;
  readonly dedupeWindowMs: number;
}

export interface HistoryPage {
  readonly orderIds: string[];
  /** Order ids kept for the customer (the most recent HISTORY_MAX_PER_CUSTOMER). */
  readonly total: number;
}

/** Billing's writes. Each mode's method gives a different guarantee (see billing-scripts.ts). */
export interface InvoiceStore {
  /** Offset-checked and atomic with the partition's next position: exactly-once. */
  applyExactlyOnce(invoice: Invoice, ctx: ApplyContext): Promise<ProcessOutcome>;
  /** Idempotent by order id: a re-delivered order is recognised and not billed again. */
  applyIdempotent(invoice: Invoice, ctx: ApplyContext): Promise<ProcessOutcome>;
  /** Plain appends and increments: a re-delivered order is billed again (but counted as a duplicate). */
  applyPlain(invoice: Invoice, ctx: ApplyContext): Promise<ProcessOutcome>;
  find(orderId: string): Promise<Invoice | null>;
  summary(): Promise<BillingSummary>;
  /** Order ids of a customer in the order billing processed them, a page at a time. */
  customerHistory(customerId: string, page: { offset: number; limit: number }): Promise<HistoryPage>;
}

export const INVOICE_STORE = Symbol('INVOICE_STORE');

import type { BillingSummary, Invoice } from './invoice';

export type ApplyResult = 'applied' | 'duplicate';

/** Billing's writes. Each mode's method gives a different guarantee (see RedisInvoiceStore). */
export interface InvoiceStore {
  /** Offset-checked and atomic with the partition's next position: exactly-once. */
  applyExactlyOnce(invoice: Invoice, topic: string): Promise<ApplyResult>;
  /** Idempotent by order id: a re-delivered order is recognised and not billed again. */
  applyIdempotent(invoice: Invoice): Promise<ApplyResult>;
  /** Plain appends and increments: a re-delivered order is billed again (but counted as a duplicate). */
  applyPlain(invoice: Invoice): Promise<ApplyResult>;
  positions(): Promise<Record<string, string>>;
  find(orderId: string): Promise<Invoice | null>;
  summary(): Promise<BillingSummary>;
  /** Order ids of a customer in the order billing processed them. */
  customerHistory(customerId: string): Promise<string[]>;
}

export const INVOICE_STORE = Symbol('INVOICE_STORE');

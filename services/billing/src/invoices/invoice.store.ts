import type { ModeWrites } from '@orderlab/delivery';
import type { BillingSummary, Invoice } from './invoice';

export interface HistoryPage {
  readonly orderIds: string[];
  /** Order ids kept for the customer (the most recent HISTORY_MAX_PER_CUSTOMER). */
  readonly total: number;
}

/** Billing's writes. Each mode's method gives a different guarantee (see billing-scripts.ts). */
export interface InvoiceStore extends ModeWrites<Invoice> {
  find(orderId: string): Promise<Invoice | null>;
  summary(): Promise<BillingSummary>;
  /** Order ids of a customer in the order billing processed them, a page at a time. */
  customerHistory(customerId: string, page: { offset: number; limit: number }): Promise<HistoryPage>;
}

export const INVOICE_STORE = Symbol('INVOICE_STORE');

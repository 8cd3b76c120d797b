import type { OrderPlaced } from '@orderlab/events';

/** One invoice per order. */
export interface Invoice {
  readonly invoiceId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly totalCents: number;
  readonly lines: ReadonlyArray<{ sku: string; qty: number; unitPriceCents: number; amountCents: number }>;
  /** Where the order event was read: proof of which delivery produced the invoice. */
  readonly source: { readonly partition: number; readonly offset: number };
  /** When billing wrote it (ms since epoch): the benchmark measures order-to-invoice time with it. */
  readonly billedAtMs: number;
}

export function invoiceFor(order: OrderPlaced, partition: number, offset: number, billedAtMs: number): Invoice {
  return {
    billedAtMs,
    invoiceId: `inv-${order.orderId}`,
    orderId: order.orderId,
    customerId: order.customerId,
    currency: order.currency,
    totalCents: order.totalCents,
    lines: order.items.map((i) => ({ ...i, amountCents: i.qty * i.unitPriceCents })),
    source: { partition, offset },
  };
}

export interface BillingSummary {
  /** Invoices written (in the plain at-least-once mode, a repeated order counts again). */
  readonly invoices: number;
  readonly totalBilledCents: number;
  /** Re-deliveries recognised (by offset or by order id) and not billed; in the plain mode, repeats billed anyway. */
  readonly duplicatesDetected: number;
  /** Orders billed for the first time within the dedupe window. */
  readonly distinctOrders: number;
  /** Events refused and sent to the dead-letter topic (exactly-once counts them with their position). */
  readonly invalid: number;
}

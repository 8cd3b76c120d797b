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
  readonly invoices: number;
  readonly totalBilledCents: number;
  readonly duplicatesDetected: number;
  readonly distinctOrders: number;
}

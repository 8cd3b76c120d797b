import type { OrderPlaced } from '@orderlab/events';

/** What one order adds to the analytics: revenue and counts per city, SKU and minute. */
export interface OrderEffect {
  readonly orderId: string;
  readonly city: string;
  readonly minute: string;
  readonly revenueCents: number;
  readonly skus: ReadonlyArray<{ sku: string; qty: number; revenueCents: number }>;
}

export function effectOf(order: OrderPlaced): OrderEffect {
  return {
    orderId: order.orderId,
    city: order.city,
    minute: order.placedAt.slice(0, 16),
    revenueCents: order.totalCents,
    skus: order.items.map((i) => ({ sku: i.sku, qty: i.qty, revenueCents: i.qty * i.unitPriceCents })),
  };
}

export interface AnalyticsSummary {
  readonly orders: number;
  readonly revenueCents: number;
  readonly byCity: Record<string, { orders: number; revenueCents: number }>;
  readonly topSkus: Array<{ sku: string; qty: number; revenueCents: number }>;
  readonly byMinute: Record<string, { orders: number; revenueCents: number }>;
  readonly duplicatesSuppressed: number;
}

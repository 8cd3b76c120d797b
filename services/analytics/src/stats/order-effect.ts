import { itemsTotalCents, type OrderPlaced } from '@orderlab/events';

/** What one order adds to the analytics: revenue and counts per city, SKU and minute. */
export interface OrderEffect {
  readonly orderId: string;
  readonly city: string;
  /** "2026-11-24T10:00" and that minute in ms since epoch. */
  readonly minute: string;
  readonly minuteMs: number;
  readonly revenueCents: number;
  /** Sum over the items (≥ revenue: a later schema version may discount the total). */
  readonly itemsRevenueCents: number;
  readonly skus: ReadonlyArray<{ sku: string; qty: number; revenueCents: number }>;
}

/**
 * Names are grouped after Unicode NFKC normalisation and whitespace collapsing, so
 * "Dera  Ghazi Khan" and "Dera Ghazi Khan" are one city (the event schema already refuses
 * control characters and padding).
 */
export function normalisedName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, ' ');
}

export function effectOf(order: OrderPlaced): OrderEffect {
  const minute = order.placedAt.slice(0, 16);
  return {
    orderId: order.orderId,
    city: normalisedName(order.city),
    minute,
    minuteMs: Date.parse(`${minute}:00Z`),
    revenueCents: order.totalCents,
    itemsRevenueCents: itemsTotalCents(order.items),
    skus: order.items.map((i) => ({ sku: normalisedName(i.sku), qty: i.qty, revenueCents: i.qty * i.unitPriceCents })),
  };
}

export interface AnalyticsSummary {
  readonly orders: number;
  readonly revenueCents: number;
  readonly byCity: Record<string, { orders: number; revenueCents: number }>;
  readonly topSkus: Array<{ sku: string; qty: number; revenueCents: number }>;
  readonly byMinute: Record<string, { orders: number; revenueCents: number }>;
  readonly duplicatesSuppressed: number;
  readonly invalid: number;
}

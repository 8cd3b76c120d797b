import { z } from 'zod';

/**
 * OrderPlaced, schema version 1. Consumers validate with this schema; fields added by
 * later versions (e.g. discountCents in v2) are ignored by a v1 consumer rather than
 * rejected, which is what makes adding an optional field a compatible change.
 */
export const ORDER_PLACED_TYPE = 'OrderPlaced';
export const ORDER_PLACED_SCHEMA_VERSION = 1;

export const OrderItemSchema = z.object({
  sku: z.string().min(1).max(64),
  qty: z.number().int().positive().max(10_000),
  unitPriceCents: z.number().int().nonnegative().max(100_000_000),
});

export const OrderPlacedSchema = z.object({
  type: z.literal(ORDER_PLACED_TYPE),
  schemaVersion: z.number().int().min(1),
  orderId: z.string().min(1).max(64),
  customerId: z.string().min(1).max(64),
  city: z.string().min(1).max(100),
  items: z.array(OrderItemSchema).min(1).max(100),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
  totalCents: z.number().int().nonnegative(),
  placedAt: z.string().datetime(),
});

export type OrderItem = z.infer<typeof OrderItemSchema>;
export type OrderPlaced = z.infer<typeof OrderPlacedSchema>;

/** Sum of qty × unit price: what a v1 order's total must be. */
export function itemsTotalCents(items: readonly OrderItem[]): number {
  return items.reduce((sum, i) => sum + i.qty * i.unitPriceCents, 0);
}

/** The partitioning rule: every event of one customer goes to one partition, so they stay in order. */
export function orderPlacedKey(event: Pick<OrderPlaced, 'customerId'>): string {
  return event.customerId;
}

import { z } from 'zod';

/**
 * OrderPlaced, schema version 1. Consumers validate with this schema; fields added by
 * later versions (e.g. discountCents in v2) are ignored by a v1 consumer rather than
 * rejected, which is what makes adding an optional field a compatible change.
 */
export const ORDER_PLACED_TYPE = 'OrderPlaced';
export const ORDER_PLACED_SCHEMA_VERSION = 1;

/**
 * Money is integer cents within bounds, so every sum a consumer keeps stays an exact
 * integer: an order's total is at most 100 × 10,000 × 10^8 = 10^14 cents, far below
 * 2^53 (JavaScript's exact integers) and 2^63 (Redis's INCRBY).
 */
export const ORDER_LIMITS = {
  maxItems: 100,
  maxQty: 10_000,
  maxUnitPriceCents: 100_000_000,
} as const;
export const MAX_ORDER_TOTAL_CENTS = ORDER_LIMITS.maxItems * ORDER_LIMITS.maxQty * ORDER_LIMITS.maxUnitPriceCents;

/** Names are printable text: no control characters, no leading or trailing blanks. */
const name = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}\s](?:[^\p{Cc}]*[^\p{Cc}\s])?$/u, 'printable text without control characters or leading/trailing blanks');

export const CitySchema = name(100);

export const OrderItemSchema = z.object({
  sku: name(64),
  qty: z.number().int().positive().max(ORDER_LIMITS.maxQty),
  unitPriceCents: z.number().int().nonnegative().max(ORDER_LIMITS.maxUnitPriceCents),
});

export const OrderPlacedSchema = z
  .object({
    type: z.literal(ORDER_PLACED_TYPE),
    schemaVersion: z.number().int().min(1),
    orderId: z.string().min(1).max(64),
    customerId: z.string().min(1).max(64),
    city: CitySchema,
    items: z.array(OrderItemSchema).min(1).max(ORDER_LIMITS.maxItems),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
    totalCents: z.number().int().nonnegative().max(MAX_ORDER_TOTAL_CENTS),
    placedAt: z.string().datetime(),
  })
  // Consumers never trust a total they can check: v1's total is the items' sum, and a later
  // version may take a discount off it but never add to it.
  .refine((o) => o.totalCents <= itemsTotalCents(o.items), { path: ['totalCents'], message: 'exceeds the sum of qty × unitPriceCents of the items' });

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

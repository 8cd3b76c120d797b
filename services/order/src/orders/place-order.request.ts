import { createHash } from 'node:crypto';
import { z } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { CitySchema, ORDER_LIMITS, OrderItemSchema } from '@orderlab/events';

/** The POST /orders body. The service computes the total and assigns the order id. */
export const PlaceOrderRequestSchema = z
  .object({
    customerId: z.string().min(1).max(64),
    city: CitySchema,
    items: z.array(OrderItemSchema).min(1).max(ORDER_LIMITS.maxItems),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
  })
  .strict();

export type PlaceOrderRequest = z.infer<typeof PlaceOrderRequestSchema>;

/** The same schema, for OpenAPI at /docs. */
export const PlaceOrderRequestJsonSchema = zodToJsonSchema(PlaceOrderRequestSchema as never, { target: 'openApi3' }) as Record<string, unknown>;

/** A stable hash of a body: the same JSON with keys in any order hashes the same. */
export function bodyHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as Record<string, unknown>).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

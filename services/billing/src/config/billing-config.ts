import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { ConsumerEnvSchema, deliverySettings, DeliveryEnvSchema, type DeliverySettings } from '@orderlab/delivery';
import { CONSUMER_GROUPS } from '@orderlab/events';

const BillingEnvSchema = ConsumerEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** Loopback unless told otherwise: a container sets 0.0.0.0 and publishes the port explicitly. */
  HOST: z.string().default('127.0.0.1'),
  GROUP_ID: z.string().min(1).default(CONSUMER_GROUPS.billing),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** How long an invoice (and a customer's history list) is kept after its last write. */
  INVOICE_RETENTION_SECONDS: z.coerce.number().int().positive().default(30 * 24 * 3600),
  /** A customer's history keeps the most recent this many order ids. */
  HISTORY_MAX_PER_CUSTOMER: z.coerce.number().int().positive().max(100_000).default(1000),
});

export type BillingConfig = z.infer<typeof BillingEnvSchema> & { readonly delivery: DeliverySettings };

/** Billing is exactly-once unless told otherwise (DELIVERY_MODE). Validated once, at boot. */
export function validateBillingEnv(raw: Record<string, unknown>): BillingConfig {
  const env = BillingEnvSchema.safeParse(raw);
  const delivery = DeliveryEnvSchema.safeParse(raw);
  const issues = [...(env.success ? [] : env.error.issues), ...(delivery.success ? [] : delivery.error.issues)];
  if (!env.success || !delivery.success) throw new Error(`invalid configuration: ${issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`).join('; ')}`);
  return { ...env.data, delivery: deliverySettings(raw as Record<string, string>, { mode: 'exactly-once', idempotentWrites: true }) };
}

export const billingConfig = registerAs('billing', () => validateBillingEnv(process.env));

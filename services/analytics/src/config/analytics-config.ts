import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { ConsumerEnvSchema, deliverySettings, DeliveryEnvSchema, type DeliverySettings } from '@orderlab/delivery';
import { CONSUMER_GROUPS } from '@orderlab/events';

const AnalyticsEnvSchema = ConsumerEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  /** Loopback unless told otherwise: a container sets 0.0.0.0 and publishes the port explicitly. */
  HOST: z.string().default('127.0.0.1'),
  GROUP_ID: z.string().min(1).default(CONSUMER_GROUPS.analytics),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** Distinct cities tracked; orders from further cities count under "(other)". */
  ANALYTICS_MAX_CITIES: z.coerce.number().int().positive().max(1_000_000).default(1000),
  /** Distinct SKUs tracked; further SKUs count under "(other)". */
  ANALYTICS_MAX_SKUS: z.coerce.number().int().positive().max(1_000_000).default(10_000),
  /** Per-minute figures are kept for this many minutes (by the order's placedAt). */
  ANALYTICS_MINUTES_KEPT: z.coerce.number().int().positive().max(525_600).default(1440),
});

export type AnalyticsConfig = z.infer<typeof AnalyticsEnvSchema> & { readonly delivery: DeliverySettings };

/** Analytics is at-least-once with idempotent writes unless told otherwise (DELIVERY_MODE). Validated once, at boot. */
export function validateAnalyticsEnv(raw: Record<string, unknown>): AnalyticsConfig {
  const env = AnalyticsEnvSchema.safeParse(raw);
  const delivery = DeliveryEnvSchema.safeParse(raw);
  const issues = [...(env.success ? [] : env.error.issues), ...(delivery.success ? [] : delivery.error.issues)];
  if (!env.success || !delivery.success) throw new Error(`invalid configuration: ${issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`).join('; ')}`);
  return { ...env.data, delivery: deliverySettings(raw as Record<string, string>, { mode: 'at-least-once', idempotentWrites: true }) };
}

export const analyticsConfig = registerAs('analytics', () => validateAnalyticsEnv(process.env));

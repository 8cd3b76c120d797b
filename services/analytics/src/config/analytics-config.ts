import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { ConsumerEnvSchema, deliverySettings, DeliveryEnvSchema, type DeliverySettings } from '@orderlab/delivery';
import { CONSUMER_GROUPS } from '@orderlab/events';

const AnalyticsEnvSchema = ConsumerEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  HOST: z.string().default('0.0.0.0'),
  GROUP_ID: z.string().min(1).default(CONSUMER_GROUPS.analytics),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
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

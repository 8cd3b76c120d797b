import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { ORDERS_TOPIC_DEFAULT_PARTITIONS } from '@orderlab/events';

/** Every setting of the order service, read from the environment once and validated at boot. */
export const OrderEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  KAFKA_BROKERS: z.string().min(1).default('localhost:9092'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  ORDERS_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(ORDERS_TOPIC_DEFAULT_PARTITIONS),
  /** How long a POST waits for the broker before answering 503. */
  PRODUCE_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** Extra time to gather concurrent orders into one send (0 = only what arrives while a send is in flight). */
  LINGER_MS: z.coerce.number().int().min(0).max(1000).default(0),
  IDEMPOTENCY_TTL_SECONDS: z.coerce.number().int().positive().default(24 * 3600),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
});

export type OrderEnv = z.infer<typeof OrderEnvSchema>;

/** ConfigModule's validate hook: bad config fails the boot with the field named. */
export function validateOrderEnv(raw: Record<string, unknown>): OrderEnv {
  const parsed = OrderEnvSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

export const orderConfig = registerAs('order', () => validateOrderEnv(process.env));
export type OrderConfig = ReturnType<typeof orderConfig>;

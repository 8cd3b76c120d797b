import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { ORDERS_TOPIC_DEFAULT_PARTITIONS } from '@orderlab/events';

const DAY_S = 24 * 3600;

/** Every setting of the order service, read from the environment once and validated at boot. */
export const OrderEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Loopback unless told otherwise: a container sets 0.0.0.0 and publishes the port explicitly. */
  HOST: z.string().default('127.0.0.1'),
  KAFKA_BROKERS: z.string().min(1).default('localhost:9092'),
  /** How long one produce request may wait for the broker's answer before kafkajs retries it. */
  KAFKA_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  ORDERS_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(ORDERS_TOPIC_DEFAULT_PARTITIONS),
  /** retention.ms of the orders topic when the service creates it (the consumers' dedupe windows follow it). */
  ORDERS_RETENTION_MS: z.coerce.number().int().positive().default(7 * DAY_S * 1000),
  /** segment.ms of the orders topic when the service creates it (unset: the broker's default). */
  ORDERS_SEGMENT_MS: z.coerce.number().int().positive().optional(),
  /** How long a POST waits for the broker: then 503 if its order never left, 202 (pending) if it is on its way. */
  PRODUCE_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  /** Extra time to gather concurrent orders into one send (0 = only what arrives while a send is in flight). */
  LINGER_MS: z.coerce.number().int().min(0).max(1000).default(0),
  /** Orders waiting to be sent, at most; further POSTs get 503 at once (back-pressure while the broker is slow or down). */
  MAX_QUEUED_ORDERS: z.coerce.number().int().positive().default(10_000),
  IDEMPOTENCY_TTL_SECONDS: z.coerce.number().int().positive().default(DAY_S),
  /** How long GET /orders/{id} can find an order. */
  ORDER_RETENTION_SECONDS: z.coerce.number().int().positive().default(7 * DAY_S),
  /** An order recorded as being sent this long ago and still not acknowledged is sent again (its first send's outcome is unknown). */
  RECOVERY_GRACE_MS: z.coerce.number().int().positive().default(60_000),
  RECOVERY_INTERVAL_MS: z.coerce.number().int().positive().default(15_000),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /**
   * How orders reach Kafka: `batched` (default) gathers concurrent orders into one kafkajs send;
   * `client-kafka` emits each order through @nestjs/microservices' ClientKafka. `npm run
   * bench:orders` compares them.
   */
  ORDER_PUBLISHER: z.enum(['batched', 'client-kafka']).default('batched'),
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

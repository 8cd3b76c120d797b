import { z } from 'zod';

/**
 * What every consumer service reads from its environment besides the delivery knobs.
 * The defaults are kafkajs's production defaults; the demo and the tests shorten them.
 */
export const ConsumerEnvSchema = z.object({
  KAFKA_BROKERS: z.string().min(1).default('localhost:9092'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  SESSION_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  HEARTBEAT_INTERVAL_MS: z.coerce.number().int().positive().default(3000),
  MAX_WAIT_MS: z.coerce.number().int().positive().default(5000),
  REBALANCE_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  /** How long applied order ids are remembered; by default the orders topic's retention.ms + segment.ms. */
  DEDUPE_WINDOW_MS: z.coerce.number().int().positive().optional(),
  /** Names this instance in logs and in the consumer's client id (several may share a group). */
  INSTANCE_NAME: z.string().min(1).optional(),
});

export type ConsumerEnv = z.infer<typeof ConsumerEnvSchema>;

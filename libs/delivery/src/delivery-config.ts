import { z } from 'zod';

/**
 * How a consumer turns Kafka's at-least-once delivery into a guarantee for its own writes:
 * - at-most-once: commit a batch's offsets, then process it (a crash loses at most that batch);
 * - at-least-once: process, then commit (a crash re-delivers what came after the last commit);
 * - exactly-once: every write is applied in one atomic step together with the partition's
 *   next offset, and skipped when its offset was already applied.
 */
export const DELIVERY_MODES = ['at-most-once', 'at-least-once', 'exactly-once'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export const CRASH_POINTS = ['before-process', 'after-process-before-commit'] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The environment knobs every consumer service takes; validated once at boot. */
export const DeliveryEnvSchema = z
  .object({
    DELIVERY_MODE: z.enum(DELIVERY_MODES).optional(),
    IDEMPOTENT_WRITES: bool.optional(),
    CRASH_POINT: z.enum(CRASH_POINTS).optional(),
    CRASH_EVERY: z.coerce.number().int().positive().optional(),
    CRASH_SEED: z.coerce.number().int().optional(),
    /** Fault knob: every record's processing takes this much longer (a deliberately slow handler). */
    PROCESS_DELAY_MS: z.coerce.number().int().min(0).max(600_000).optional(),
  })
  .refine((e) => (e.CRASH_POINT === undefined) === (e.CRASH_EVERY === undefined), { message: 'CRASH_POINT and CRASH_EVERY go together' });

export interface DeliverySettings {
  readonly mode: DeliveryMode;
  /** at-least-once only: true = idempotent writes (dedup by order id), false = plain appends and increments. */
  readonly idempotentWrites: boolean;
  readonly crash: { readonly point: CrashPoint; readonly every: number; readonly seed: number | null } | null;
  readonly processDelayMs: number;
}

export function deliverySettings(env: Record<string, string | undefined>, defaults: { mode: DeliveryMode; idempotentWrites: boolean }): DeliverySettings {
  const e = DeliveryEnvSchema.parse(env);
  return {
    mode: e.DELIVERY_MODE ?? defaults.mode,
    idempotentWrites: e.IDEMPOTENT_WRITES ?? defaults.idempotentWrites,
    crash: e.CRASH_POINT && e.CRASH_EVERY ? { point: e.CRASH_POINT, every: e.CRASH_EVERY, seed: e.CRASH_SEED ?? null } : null,
    processDelayMs: e.PROCESS_DELAY_MS ?? 0,
  };
}

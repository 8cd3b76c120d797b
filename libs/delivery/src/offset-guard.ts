import type { ConsumedRecord, TopicPartition } from './consumed-record';
import type { GuardedOutcome, GuardSpan, ProcessOutcome } from './position-store';

/**
 * The exactly-once step for Redis, as Lua that a service's script starts with. It only
 * reads, so a script can do all of its checks before its first write (Redis does not roll
 * back a script that fails half-way). KEYS[1] is the positions hash; ARGV[1..4] come from
 * guardArgs(); the service's own arguments start at ARGV[5].
 *
 * The record is applied only when the stored next position is in [allowFrom, offset]:
 * - no stored position: 'no-position' (the consumer establishes one; Kafka's committed offset is never trusted for it);
 * - stored > offset: the record was applied before, 'duplicate' (after `onDuplicate`, the only write on that path);
 * - stored < allowFrom: records in between were never applied here, 'gap' (the consumer seeks back to stored).
 * The script's body then ends its writes with GUARD_ADVANCE.
 */
export function offsetGuardLua(onDuplicate: string): string {
  return `
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if not stored then return {'no-position', -1} end
stored = tonumber(stored)
if stored > tonumber(ARGV[2]) then
  ${onDuplicate}
  return {'duplicate', stored}
end
if stored < tonumber(ARGV[3]) then return {'gap', stored} end
`;
}

/** The guard's one write: the partition's next position, set with the service's writes. */
export const GUARD_ADVANCE = `redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])`;

/** The positions hash field of a partition. */
export function positionField(tp: TopicPartition): string {
  return `${tp.topic}:${tp.partition}`;
}

/** ARGV[1..4] of a guarded script: field, offset, allowFrom, offset + 1 (as strings: Lua would print large numbers in exponent form). */
export function guardArgs(record: ConsumedRecord, span: GuardSpan): string[] {
  return [positionField(record), String(record.offset), String(span.allowFrom), String(record.offset + 1)];
}

/**
 * A script's reply as an outcome. Scripts answer {kind, value}: 'applied'; 'duplicate' with
 * the position now stored (-1 when the check was by order id only); 'gap' with the stored
 * position; 'no-position'; or 'refused' with the reason, when a check before the first
 * write failed (the record is then dead-lettered like an invalid one).
 */
export function scriptOutcome(reply: unknown): ProcessOutcome {
  const [kind, value] = Array.isArray(reply) ? (reply as [unknown, unknown]) : [reply, null];
  if (kind === 'applied') return { kind };
  if (kind === 'duplicate') return Number(value) >= 0 ? { kind, storedNext: Number(value) } : { kind };
  if (kind === 'no-position') return { kind };
  if (kind === 'gap') return { kind, storedNext: Number(value) };
  if (kind === 'refused') return { kind: 'invalid', reason: String(value) };
  throw new Error(`unexpected script reply ${JSON.stringify(reply)}`);
}

export function guardedOutcome(reply: unknown): GuardedOutcome {
  const outcome = scriptOutcome(reply);
  if (outcome.kind === 'invalid') throw new Error(`a guard step was refused: ${outcome.reason}`);
  return outcome;
}

/** The largest integer every reader of a counter (JavaScript's Number) holds exactly: the ceiling of every sum a script keeps. */
export const MAX_COUNTER = Number.MAX_SAFE_INTEGER;

/**
 * The exactly-once step for Redis: a Lua prelude that applies a record only if its offset
 * is at or past the partition's stored next position, and records offset + 1 in the same
 * atomic script. A re-delivered record (after a crash, or from a zombie instance after a
 * rebalance) finds its offset already applied and is skipped.
 *
 * KEYS[1] = hash of next positions (field = "<topic>:<partition>"), ARGV[1] = field, ARGV[2] = offset.
 * The service's own body follows and must `return` its result; the prelude returns -1 for a skip.
 */
export const OFFSET_GUARD_PRELUDE = `
local next_offset = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local offset = tonumber(ARGV[2])
if offset < next_offset then
  return -1
end
redis.call('HSET', KEYS[1], ARGV[1], offset + 1)
`;

/** The positions hash field of a partition. */
export function positionField(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

/**
 * The exactly-once step for Redis: a Lua prelude that decides whether a record is new by
 * its offset, and records offset + 1 as the partition's next position in the same atomic
 * script as the service's writes. A re-delivered record (after a crash, or from a zombie
 * instance after a rebalance) finds its offset already applied: `fresh` is false.
 *
 * KEYS[1] = hash of next positions (field = "<topic>:<partition>"), ARGV[1] = field, ARGV[2] = offset.
 * The service's body follows, reads `fresh`, and returns its result.
 */
export const OFFSET_GUARD_PRELUDE = `
local next_offset = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local offset = tonumber(ARGV[2])
local fresh = offset >= next_offset
if fresh then
  redis.call('HSET', KEYS[1], ARGV[1], offset + 1)
end
`;

/** The positions hash field of a partition. */
export function positionField(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

/** Stored next positions as seek targets, for the partitions just assigned. */
export function positionsFromHash(hash: Record<string, string>, partitions: ReadonlyArray<{ topic: string; partition: number }>): Array<{ topic: string; partition: number; offset: number }> {
  return partitions.flatMap((p) => {
    const v = hash[positionField(p.topic, p.partition)];
    return v === undefined ? [] : [{ ...p, offset: Number(v) }];
  });
}

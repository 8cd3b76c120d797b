import { GUARD_ADVANCE, MAX_COUNTER, offsetGuardLua } from '@orderlab/delivery';

/**
 * Analytics's Lua steps; all checks come before the first write (Redis does not roll back a
 * script that fails half-way).
 *
 * KEYS: 1 positions, 2 seen order ids (sorted set, score = when counted), 3 totals,
 * 4 city revenue, 5 city orders, 6 SKU qty (sorted set), 7 SKU revenue, 8 minute revenue,
 * 9 minute orders, 10 minute index (sorted set, score = the minute in ms).
 * ARGV: 1–4 the offset guard's; 5 order id, 6 city, 7 minute, 8 revenue, 9 SKUs as JSON,
 * 10 now (ms), 11 forget ids counted before this (ms), 12 items revenue, 13 max cities,
 * 14 max SKUs, 15 the minute in ms, 16 drop minutes before this (ms).
 */
export const OTHER = '(other)';

const REFUSE_OVERFLOW = `
local totals = redis.call('HMGET', KEYS[3], 'revenueCents', 'itemsRevenueCents')
if tonumber(totals[1] or '0') + tonumber(ARGV[8]) > ${MAX_COUNTER} or tonumber(totals[2] or '0') + tonumber(ARGV[12]) > ${MAX_COUNTER} then
  return {'refused', 'the revenue totals would exceed ${MAX_COUNTER} cents, the largest exact counter'}
end`;

/** Bounded names: a city or SKU not tracked yet counts under (other) once the cap is reached. Reads only. */
const BUCKETS = `
local city = ARGV[6]
if city ~= '${OTHER}' and redis.call('HEXISTS', KEYS[4], city) == 0 and redis.call('HLEN', KEYS[4]) >= tonumber(ARGV[13]) then city = '${OTHER}' end
local skus = cjson.decode(ARGV[9])
local tracked = redis.call('ZCARD', KEYS[6])
local adding = {}
for _, s in ipairs(skus) do
  if s.sku ~= '${OTHER}' and not adding[s.sku] and not redis.call('ZSCORE', KEYS[6], s.sku) then
    if tracked >= tonumber(ARGV[14]) then s.sku = '${OTHER}' else tracked = tracked + 1; adding[s.sku] = true end
  end
end`;

const EFFECT = `
redis.call('ZADD', KEYS[2], ARGV[10], ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[11])
redis.call('HINCRBY', KEYS[3], 'orders', 1)
redis.call('HINCRBY', KEYS[3], 'revenueCents', ARGV[8])
redis.call('HINCRBY', KEYS[3], 'itemsRevenueCents', ARGV[12])
redis.call('HINCRBY', KEYS[4], city, ARGV[8])
redis.call('HINCRBY', KEYS[5], city, 1)
redis.call('HINCRBY', KEYS[8], ARGV[7], ARGV[8])
redis.call('HINCRBY', KEYS[9], ARGV[7], 1)
redis.call('ZADD', KEYS[10], ARGV[15], ARGV[7])
local old = redis.call('ZRANGEBYSCORE', KEYS[10], '-inf', '(' .. ARGV[16], 'LIMIT', 0, 10)
for _, m in ipairs(old) do
  redis.call('HDEL', KEYS[8], m)
  redis.call('HDEL', KEYS[9], m)
  redis.call('ZREM', KEYS[10], m)
end
for _, s in ipairs(skus) do
  redis.call('ZINCRBY', KEYS[6], s.qty, s.sku)
  redis.call('HINCRBY', KEYS[7], s.sku, s.revenueCents)
end`;

const onceByOrderId = (advance: string, position: string) => `
if redis.call('ZSCORE', KEYS[2], ARGV[5]) then
  redis.call('HINCRBY', KEYS[3], 'duplicatesSuppressed', 1)
  ${advance}
  return {'duplicate', ${position}}
end`;

export const EXACTLY_ONCE = `${offsetGuardLua(`redis.call('HINCRBY', KEYS[3], 'duplicatesSuppressed', 1)`)}
${onceByOrderId(GUARD_ADVANCE, 'tonumber(ARGV[4])')}
${REFUSE_OVERFLOW}
${BUCKETS}
${EFFECT}
${GUARD_ADVANCE}
return {'applied', 0}`;

export const IDEMPOTENT = `${onceByOrderId('', '-1')}
${REFUSE_OVERFLOW}
${BUCKETS}
${EFFECT}
return {'applied', 0}`;

/** Counts every delivery, re-deliveries included. */
export const PLAIN = `${REFUSE_OVERFLOW}
${BUCKETS}
${EFFECT}
return {'applied', 0}`;

import { GUARD_ADVANCE, MAX_COUNTER, offsetGuardLua } from '@orderlab/delivery';

/**
 * Billing's Lua steps. Every script does all of its checks before its first write, because
 * Redis runs a script atomically but does not roll back one that fails half-way.
 *
 * KEYS: 1 positions, 2 invoice, 3 summary, 4 billed order ids (sorted set, score = when
 * billed), 5 the customer's history list. ARGV: 1–4 the offset guard's (see guardArgs);
 * 5 order id, 6 invoice JSON, 7 total cents, 8 now (ms), 9 forget ids billed before this (ms),
 * 10 invoice retention (s), 11 history length kept.
 */
const REFUSE_OVERFLOW = `
if tonumber(redis.call('HGET', KEYS[3], 'totalCents') or '0') + tonumber(ARGV[7]) > ${MAX_COUNTER} then
  return {'refused', 'the billed total would exceed ${MAX_COUNTER} cents, the largest exact counter'}
end`;

const BILL = `
redis.call('ZADD', KEYS[4], ARGV[8], ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[9])
redis.call('SET', KEYS[2], ARGV[6], 'EX', ARGV[10])
redis.call('HINCRBY', KEYS[3], 'invoices', 1)
redis.call('HINCRBY', KEYS[3], 'totalCents', ARGV[7])
redis.call('RPUSH', KEYS[5], ARGV[5])
redis.call('LTRIM', KEYS[5], -tonumber(ARGV[11]), -1)
redis.call('EXPIRE', KEYS[5], ARGV[10])`;

/** An order id billed within the window is a duplicate: counted, and (exactly-once) its offset still consumed. */
const onceByOrderId = (advance: string, position: string) => `
if redis.call('ZSCORE', KEYS[4], ARGV[5]) then
  redis.call('HINCRBY', KEYS[3], 'duplicates', 1)
  ${advance}
  return {'duplicate', ${position}}
end`;

export const EXACTLY_ONCE = `${offsetGuardLua(`redis.call('HINCRBY', KEYS[3], 'duplicates', 1)`)}
${onceByOrderId(GUARD_ADVANCE, 'tonumber(ARGV[4])')}
${REFUSE_OVERFLOW}
${BILL}
redis.call('HINCRBY', KEYS[3], 'distinctOrders', 1)
${GUARD_ADVANCE}
return {'applied', 0}`;

export const IDEMPOTENT = `${onceByOrderId('', '-1')}
${REFUSE_OVERFLOW}
${BILL}
redis.call('HINCRBY', KEYS[3], 'distinctOrders', 1)
return {'applied', 0}`;

/** At-least-once without idempotent writes: bills every delivery, and only counts the repeats. */
export const PLAIN = `${REFUSE_OVERFLOW}
local repeated = redis.call('ZSCORE', KEYS[4], ARGV[5])
${BILL}
if repeated then
  redis.call('HINCRBY', KEYS[3], 'duplicates', 1)
else
  redis.call('HINCRBY', KEYS[3], 'distinctOrders', 1)
end
return {'applied', 0}`;

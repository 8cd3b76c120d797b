import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { orderConfig, type OrderConfig } from '../config/order-config';
import { REDIS } from '../redis/redis.module';
import type { IdempotencyStore, Reservation, StoredAnswer } from './idempotency.store';

/**
 * The key's record (hash, order id, state, first answer) lives 24 h; a separate short lock
 * marks "being processed now", so a concurrent duplicate is told 409 while a retry after a
 * failed attempt (lock gone) may go again with the same order id.
 */
const RESERVE = `
local rec = KEYS[1]
local lock = KEYS[2]
if redis.call('EXISTS', rec) == 0 then
  redis.call('HSET', rec, 'hash', ARGV[1], 'orderId', ARGV[2], 'state', 'pending')
  redis.call('EXPIRE', rec, ARGV[3])
  redis.call('SET', lock, '1', 'PX', ARGV[4])
  return {'new', ARGV[2]}
end
local fields = redis.call('HMGET', rec, 'hash', 'orderId', 'state', 'answer')
if fields[1] ~= ARGV[1] then return {'mismatch', ''} end
if fields[3] == 'completed' then return {'completed', fields[4]} end
if redis.call('SET', lock, '1', 'NX', 'PX', ARGV[4]) then return {'retry', fields[2]} end
return {'in-flight', ''}
`;

const COMPLETE = `
redis.call('HSET', KEYS[1], 'state', 'completed', 'answer', ARGV[1])
redis.call('DEL', KEYS[2])
return 1
`;

@Injectable()
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(orderConfig.KEY) private readonly config: OrderConfig,
  ) {}

  async reserve(key: string, bodyHash: string, orderId: string): Promise<Reservation> {
    const lockMs = this.config.PRODUCE_TIMEOUT_MS + 5000;
    const [kind, value] = (await this.redis.eval(RESERVE, 2, recordKey(key), lockKey(key), bodyHash, orderId, this.config.IDEMPOTENCY_TTL_SECONDS, lockMs)) as [string, string];
    if (kind === 'new' || kind === 'retry') return { kind, orderId: value };
    if (kind === 'completed') return { kind, answer: JSON.parse(value) as StoredAnswer };
    return { kind: kind === 'mismatch' ? 'mismatch' : 'in-flight' };
  }

  async complete(key: string, answer: StoredAnswer): Promise<void> {
    await this.redis.eval(COMPLETE, 2, recordKey(key), lockKey(key), JSON.stringify(answer));
  }

  async release(key: string): Promise<void> {
    await this.redis.del(lockKey(key));
  }
}

const recordKey = (key: string) => `idempotency:${key}`;
const lockKey = (key: string) => `idempotency:${key}:lock`;

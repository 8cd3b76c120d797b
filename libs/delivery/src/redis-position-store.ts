import type Redis from 'ioredis';
import type { ConsumedRecord, TopicPartition } from './consumed-record';
import { GUARD_ADVANCE, guardArgs, guardedOutcome, offsetGuardLua, positionField } from './offset-guard';
import type { GuardedOutcome, GuardSpan, PositionStore } from './position-store';

const ADVANCE_IF = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
  return 1
end
return 0
`;

/**
 * Positions in one Redis hash (field "<topic>:<partition>" → next offset), written by the
 * services' own scripts in the same step as their effects. `countersKey` is the hash where
 * skipped records are counted (field "invalid") and re-deliveries (field `duplicateField`).
 */
export class RedisPositionStore implements PositionStore {
  private readonly skipLua: string;
  private connectedOnce = false;

  constructor(
    private readonly redis: Redis,
    private readonly positionsKey: string,
    private readonly countersKey: string,
    duplicateField: string,
  ) {
    this.skipLua = `${offsetGuardLua(`redis.call('HINCRBY', KEYS[2], '${duplicateField}', 1)`)}
redis.call('HINCRBY', KEYS[2], 'invalid', 1)
${GUARD_ADVANCE}
return {'applied', 0}`;
  }

  async read(tp: TopicPartition): Promise<number | null> {
    const v = await this.redis.hget(this.positionsKey, positionField(tp));
    return v === null ? null : Number(v);
  }

  async readAll(): Promise<Map<string, number>> {
    const all = await this.redis.hgetall(this.positionsKey);
    return new Map(Object.entries(all).map(([k, v]) => [k, Number(v)]));
  }

  async initialise(tp: TopicPartition, offset: number): Promise<number> {
    const [, stored] = (await this.redis.multi().hsetnx(this.positionsKey, positionField(tp), String(offset)).hget(this.positionsKey, positionField(tp)).exec()) ?? [];
    if (!stored || stored[0]) throw stored?.[0] ?? new Error('Redis did not answer the position initialisation');
    return Number(stored[1]);
  }

  async advance(tp: TopicPartition, from: number, to: number): Promise<boolean> {
    return (await this.redis.eval(ADVANCE_IF, 1, this.positionsKey, positionField(tp), String(from), String(to))) === 1;
  }

  async skip(record: ConsumedRecord, span: GuardSpan): Promise<GuardedOutcome> {
    const reply = await this.redis.eval(this.skipLua, 2, this.positionsKey, this.countersKey, ...guardArgs(record, span));
    return guardedOutcome(reply);
  }

  onReconnect(listener: () => void): void {
    this.redis.on('ready', () => {
      if (this.connectedOnce) listener();
      this.connectedOnce = true;
    });
    if (this.redis.status === 'ready') this.connectedOnce = true;
  }
}

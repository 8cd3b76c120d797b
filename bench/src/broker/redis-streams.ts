import Redis from 'ioredis';
import { murmur2Partition } from '@orderlab/e2e';
import { WORKLOAD, key, measure, value, type Measurement } from './workload';

const stream = (p: number): string => `bench:${p}`;

/** (c) The same produce through Redis Streams: pipelined XADD, 1,000 per pipeline, same in-flight count. */
export async function redisProduce(port: number): Promise<Measurement> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, enableAutoPipelining: false });
  await redis.connect();
  const pipelines = WORKLOAD.clientRecords / WORKLOAD.recordsPerBatch;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < pipelines) {
      const base = next++ * WORKLOAD.recordsPerBatch;
      const pipe = redis.pipeline();
      for (let i = 0; i < WORKLOAD.recordsPerBatch; i++) {
        const k = key(base + i);
        pipe.xadd(stream(murmur2Partition(k, WORKLOAD.partitions)), '*', 'k', k, 'v', value(base + i));
      }
      const results = await pipe.exec();
      if (results?.some(([err]) => err)) throw new Error('XADD failed');
    }
  };
  const m = await measure('(c) Redis Streams produce (pipelined XADD)', WORKLOAD.clientRecords, WORKLOAD.valueBytes, async () => {
    await Promise.all(Array.from({ length: WORKLOAD.inFlight }, lane));
  });
  redis.disconnect();
  return m;
}

/** (c) The same read through Redis Streams: XREADGROUP COUNT 1000 then XACK per batch, one lane per group of streams. */
export async function redisConsume(port: number): Promise<Measurement> {
  const redis = new Redis({ port, host: '127.0.0.1' });
  for (let p = 0; p < WORKLOAD.partitions; p++) await redis.xgroup('CREATE', stream(p), 'bench', '0');
  let read = 0;
  const lane = async (laneId: number): Promise<void> => {
    const conn = redis.duplicate();
    const mine = Array.from({ length: WORKLOAD.partitions }, (_, p) => p).filter((p) => p % WORKLOAD.inFlight === laneId);
    for (const p of mine) {
      for (;;) {
        const res = (await conn.xreadgroup('GROUP', 'bench', `c${laneId}`, 'COUNT', WORKLOAD.recordsPerBatch, 'STREAMS', stream(p), '>')) as Array<[string, Array<[string, string[]]>]> | null;
        const entries = res?.[0]?.[1] ?? [];
        if (entries.length === 0) break;
        await conn.xack(stream(p), 'bench', ...entries.map(([id]) => id));
        read += entries.length;
      }
    }
    conn.disconnect();
  };
  const m = await measure('(c) Redis Streams consume (XREADGROUP + XACK)', WORKLOAD.clientRecords, WORKLOAD.valueBytes, async () => {
    await Promise.all(Array.from({ length: WORKLOAD.inFlight }, (_, i) => lane(i)));
  });
  redis.disconnect();
  if (read !== WORKLOAD.clientRecords) throw new Error(`Redis consume read ${read} records, expected ${WORKLOAD.clientRecords}`);
  return m;
}

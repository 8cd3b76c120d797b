import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type Redis from 'ioredis';

/** The `redis` part of a service's /health: up when Redis answers a PING, down with the client's reason otherwise. */
export async function redisIndicator(indicator: HealthIndicatorService, redis: Redis): Promise<HealthIndicatorResult> {
  const i = indicator.check('redis');
  try {
    await redis.ping();
    return i.up();
  } catch (e) {
    return i.down({ reason: (e as Error).message });
  }
}

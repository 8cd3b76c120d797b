import { BrokerProcess } from './broker-process';
import { RedisServer, type RedisOptions } from './redis-server';
import { ServiceProcess } from './service-process';

/** Short timeouts standing in for kafkajs's defaults (session 30 s, heartbeat 3 s, max wait 5 s). */
export const FAST_CONSUMER_ENV = { SESSION_TIMEOUT_MS: '6000', HEARTBEAT_INTERVAL_MS: '500', MAX_WAIT_MS: '200', REBALANCE_TIMEOUT_MS: '10000' };

export interface Summaries {
  billing: { invoices: number; totalBilledCents: number; duplicatesDetected: number; distinctOrders: number };
  analytics: { orders: number; revenueCents: number; duplicatesSuppressed: number; byCity: Record<string, { orders: number; revenueCents: number }> };
}

export interface OrderSystemOptions {
  readonly billing?: Array<Record<string, string>>;
  readonly analytics?: Array<Record<string, string>>;
  readonly order?: Record<string, string>;
  readonly redis?: RedisOptions;
}

/** The whole Order Processing System as real processes: broker, redis-server, order, billing(s), analytics. */
export class OrderSystem {
  readonly broker = new BrokerProcess({ args: ['--group-initial-rebalance-delay-ms', '200', '--log-level', 'warn'] });
  redis = new RedisServer();
  order!: ServiceProcess;
  billing: ServiceProcess[] = [];
  analytics: ServiceProcess[] = [];

  async start(o: OrderSystemOptions = {}): Promise<this> {
    if (o.redis) this.redis = new RedisServer(o.redis);
    await Promise.all([this.redis.start(), this.broker.start()]);
    this.order = await new ServiceProcess('order', { ...this.common, ...o.order }).start();
    this.billing = (o.billing ?? [{}]).map((env, i) => this.consumer('billing', env, `billing-${i + 1}`));
    this.analytics = (o.analytics ?? [{}]).map((env, i) => this.consumer('analytics', env, `analytics-${i + 1}`));
    await Promise.all([...this.billing, ...this.analytics].map((s) => s.start()));
    return this;
  }

  get common(): Record<string, string> {
    return { KAFKA_BROKERS: this.broker.bootstrap, REDIS_URL: this.redis.url };
  }

  /** A consumer service wired to this system (not started). */
  consumer(service: 'billing' | 'analytics', env: Record<string, string>, name: string): ServiceProcess {
    return new ServiceProcess(service, { ...this.common, ...FAST_CONSUMER_ENV, ...env }, name);
  }

  async summaries(): Promise<Summaries> {
    const [billing, analytics] = await Promise.all([
      (this.billing[0] as ServiceProcess).getJson<Summaries['billing']>('/billing/summary'),
      (this.analytics[0] as ServiceProcess).getJson<Summaries['analytics']>('/analytics/summary'),
    ]);
    return { billing, analytics };
  }

  /** Every service process's reported bugs (unhandled rejections, uncaught exceptions). */
  bugs(): string[] {
    return this.services().flatMap((s) => s.bugs().map((b) => `${s.name}: ${b}`));
  }

  services(): ServiceProcess[] {
    return [...this.billing, ...this.analytics, ...(this.order ? [this.order] : [])];
  }

  async stop(): Promise<void> {
    await Promise.all(this.services().map((s) => s.stop().catch(() => undefined)));
    await this.broker.dispose();
    await this.redis.stop();
  }
}

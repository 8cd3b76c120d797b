import { BrokerProcess } from './broker-process';
import { RedisServer } from './redis-server';
import { ServiceProcess } from './service-process';

/** Short timeouts standing in for kafkajs's defaults (session 30 s, heartbeat 3 s, max wait 5 s). */
export const FAST_CONSUMER_ENV = { SESSION_TIMEOUT_MS: '6000', HEARTBEAT_INTERVAL_MS: '500', MAX_WAIT_MS: '200', REBALANCE_TIMEOUT_MS: '10000' };

export interface Summaries {
  billing: { invoices: number; totalBilledCents: number; duplicatesDetected: number; distinctOrders: number };
  analytics: { orders: number; revenueCents: number; duplicatesSuppressed: number; byCity: Record<string, { orders: number; revenueCents: number }> };
}

/** The whole Order Processing System as real processes: broker, redis-server, order, billing(s), analytics. */
export class OrderSystem {
  readonly broker = new BrokerProcess({ args: ['--group-initial-rebalance-delay-ms', '200', '--log-level', 'warn'] });
  readonly redis = new RedisServer();
  order!: ServiceProcess;
  billing: ServiceProcess[] = [];
  analytics: ServiceProcess[] = [];

  async start(o: { billing?: Array<Record<string, string>>; analytics?: Array<Record<string, string>> } = {}): Promise<this> {
    await Promise.all([this.redis.start(), this.broker.start()]);
    const common = { KAFKA_BROKERS: this.broker.bootstrap, REDIS_URL: this.redis.url };
    this.order = await new ServiceProcess('order', common).start();
    const billingEnvs = o.billing ?? [{}];
    const analyticsEnvs = o.analytics ?? [{}];
    this.billing = billingEnvs.map((env, i) => new ServiceProcess('billing', { ...common, ...FAST_CONSUMER_ENV, ...env }, `billing-${i + 1}`));
    this.analytics = analyticsEnvs.map((env, i) => new ServiceProcess('analytics', { ...common, ...FAST_CONSUMER_ENV, ...env }, `analytics-${i + 1}`));
    await Promise.all([...this.billing, ...this.analytics].map((s) => s.start()));
    return this;
  }

  async summaries(): Promise<Summaries> {
    const [billing, analytics] = await Promise.all([
      (this.billing[0] as ServiceProcess).getJson<Summaries['billing']>('/billing/summary'),
      (this.analytics[0] as ServiceProcess).getJson<Summaries['analytics']>('/analytics/summary'),
    ]);
    return { billing, analytics };
  }

  async stop(): Promise<void> {
    await Promise.all([...this.billing, ...this.analytics, ...(this.order ? [this.order] : [])].map((s) => s.stop().catch(() => undefined)));
    await this.broker.dispose();
    await this.redis.stop();
  }
}

import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { loggerPort, startConsumer, type RunningConsumer } from '@orderlab/delivery';
import { TOPICS } from '@orderlab/events';
import { billingConfig, type BillingConfig } from '../config/billing-config';
import { BillingProcessor } from '../invoices/billing.processor';
import { INVOICE_STORE, type InvoiceStore } from '../invoices/invoice.store';

/** Runs billing's group member for the service's lifetime; leaves the group on shutdown. */
@Injectable()
export class BillingConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('BillingConsumer');
  private running: RunningConsumer | null = null;

  constructor(
    @Inject(billingConfig.KEY) private readonly config: BillingConfig,
    private readonly processor: BillingProcessor,
    @Inject(INVOICE_STORE) private readonly store: InvoiceStore,
  ) {}

  get stats() {
    return this.running?.runner.stats ?? null;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.running = await startConsumer({
      env: this.config,
      groupId: this.config.GROUP_ID,
      topic: TOPICS.orders,
      deadLetterTopic: TOPICS.ordersDlq,
      settings: this.config.delivery,
      processor: this.processor,
      logger: loggerPort(this.log),
      storedPositions: () => this.store.positions(),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.stop();
  }
}

import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { consumerServiceControllers, consumerServiceProviders, RedisModule } from '@orderlab/nest-kit';
import { billingConfig, validateBillingEnv } from './config/billing-config';
import { BillingProcessor } from './invoices/billing.processor';
import { INVOICE_STORE } from './invoices/invoice.store';
import { InvoicesHttpController } from './invoices/invoices.http.controller';
import { BILLING_KEYS, RedisInvoiceStore } from './invoices/redis-invoice.store';

/**
 * Billing's own parts (config, the invoice processor and store, its HTTP reads) and the
 * consumer kit's (libs/nest-kit: the Kafka transport's handler, /health, Redis).
 * Positions and the duplicates counter live beside the invoices, for the exactly-once step.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateBillingEnv, load: [billingConfig] }),
    TerminusModule.forRoot({ logger: false }),
    RedisModule.forConfig(billingConfig.KEY),
  ],
  controllers: [InvoicesHttpController, ...consumerServiceControllers],
  providers: [
    BillingProcessor,
    { provide: INVOICE_STORE, useClass: RedisInvoiceStore },
    ...consumerServiceProviders({
      service: 'billing',
      config: billingConfig.KEY,
      processor: BillingProcessor,
      positions: { positions: BILLING_KEYS.positions, counters: BILLING_KEYS.summary, duplicateField: 'duplicates' },
    }),
  ],
})
export class AppModule {}

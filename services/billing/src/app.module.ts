import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { billingConfig, validateBillingEnv } from './config/billing-config';
import { HealthController } from './health/health.controller';
import { BillingProcessor } from './invoices/billing.processor';
import { INVOICE_STORE } from './invoices/invoice.store';
import { InvoicesHttpController } from './invoices/invoices.http.controller';
import { RedisInvoiceStore } from './invoices/redis-invoice.store';
import { BillingConsumer } from './kafka/billing-consumer';
import { dedupeWindowProvider } from './kafka/dedupe-window.provider';
import { OrderEventsController } from './kafka/order-events.controller';
import { RedisModule } from './redis/redis.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateBillingEnv, load: [billingConfig] }),
    TerminusModule.forRoot({ logger: false }),
    RedisModule,
  ],
  controllers: [InvoicesHttpController, HealthController, OrderEventsController],
  providers: [BillingProcessor, BillingConsumer, dedupeWindowProvider, { provide: INVOICE_STORE, useClass: RedisInvoiceStore }],
})
export class AppModule {}

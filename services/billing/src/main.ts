import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { exitWhenLauncherGone, installProcessGuards } from '@orderlab/runtime';
import { AppModule } from './app.module';
import { validateBillingEnv } from './config/billing-config';
import { BillingConsumer } from './kafka/billing-consumer';
import { BillingKafkaServer } from './kafka/billing-kafka.server';
import { billingTransportOptions } from './kafka/transport-options';

/**
 * A hybrid Nest application: HTTP (summary, health) and the Kafka transport consuming the
 * orders topic in billing-group. HTTP answers first; the transport connects in the
 * background (a broker down at boot is waited out, and /health says so meanwhile).
 */
async function main(): Promise<void> {
  installProcessGuards('billing');
  exitWhenLauncherGone('billing');
  const env = validateBillingEnv(process.env);
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn', env.LOG_LEVEL] });
  app.enableShutdownHooks();
  app.connectMicroservice<MicroserviceOptions>({ strategy: new BillingKafkaServer(billingTransportOptions(env), app.get(BillingConsumer)) });
  await app.listen(env.PORT, env.HOST);
  const log = new Logger('BillingService');
  log.log(`listening on http://${env.HOST}:${env.PORT} (${env.delivery.mode}); consuming through Nest's Kafka transport`);
  app.startAllMicroservices().catch((e: unknown) => {
    log.error(`the Kafka transport failed: ${(e as Error).message}`);
    process.exit(1);
  });
}

main().catch((e: unknown) => {
  console.error(`billing service failed to start: ${(e as Error).message}`);
  process.exit(1);
});

import { Logger, type LogLevel, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { exitWhenLauncherGone, installProcessGuards } from '@orderlab/runtime';
import type { ConsumerServiceConfig } from '../consumer-service.tokens';
import { OrderEventsConsumer } from '../kafka/order-events-consumer';
import { OrderEventsKafkaServer } from '../kafka/order-events-kafka.server';
import { consumerTransportOptions } from '../kafka/transport-options';
import { logContext } from '../service-name';

export type ConsumerServiceEnv = ConsumerServiceConfig & { readonly PORT: number; readonly HOST: string; readonly LOG_LEVEL: LogLevel };

export interface ConsumerServiceMain {
  /** 'billing': names the process (runtime guards), the log context (BillingService) and the failure message. */
  readonly service: string;
  /** The service's root module: its config, its processor and store, consumerServiceProviders(...). */
  readonly module: Type;
  readonly validateEnv: (raw: Record<string, unknown>) => ConsumerServiceEnv;
}

/**
 * A consumer service's process: a hybrid Nest application, HTTP (the service's reads, health)
 * and the Kafka transport consuming the orders topic in the service's group. HTTP answers
 * first; the transport connects in the background (a broker down at boot is waited out, and
 * /health says so meanwhile). A configuration that does not validate ends the process (exit 1).
 */
export function runConsumerService(m: ConsumerServiceMain): void {
  installProcessGuards(m.service);
  exitWhenLauncherGone(m.service);
  start(m).catch((e: unknown) => {
    console.error(`${m.service} service failed to start: ${(e as Error).message}`);
    process.exit(1);
  });
}

async function start(m: ConsumerServiceMain): Promise<void> {
  const env = m.validateEnv(process.env);
  const app = await NestFactory.create(m.module, { logger: ['error', 'warn', env.LOG_LEVEL] });
  app.enableShutdownHooks();
  app.connectMicroservice<MicroserviceOptions>({ strategy: new OrderEventsKafkaServer(consumerTransportOptions(env), app.get(OrderEventsConsumer)) });
  await app.listen(env.PORT, env.HOST);
  const log = new Logger(logContext(m.service, 'Service'));
  log.log(`listening on http://${env.HOST}:${env.PORT} (${env.delivery.mode}); consuming through Nest's Kafka transport`);
  app.startAllMicroservices().catch((e: unknown) => {
    log.error(`the Kafka transport failed: ${(e as Error).message}`);
    process.exit(1);
  });
}

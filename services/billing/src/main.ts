import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { exitWhenLauncherGone, installProcessGuards } from '@orderlab/runtime';
import { AppModule } from './app.module';
import { validateBillingEnv } from './config/billing-config';

async function main(): Promise<void> {
  installProcessGuards('billing');
  exitWhenLauncherGone('billing');
  const env = validateBillingEnv(process.env);
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn', env.LOG_LEVEL] });
  app.enableShutdownHooks();
  await app.listen(env.PORT, env.HOST);
  new Logger('BillingService').log(`listening on http://${env.HOST}:${env.PORT} (${env.delivery.mode})`);
}

main().catch((e: unknown) => {
  console.error(`billing service failed to start: ${(e as Error).message}`);
  process.exit(1);
});

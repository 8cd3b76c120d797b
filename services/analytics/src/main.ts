import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { exitWhenLauncherGone, installProcessGuards } from '@orderlab/runtime';
import { AppModule } from './app.module';
import { validateAnalyticsEnv } from './config/analytics-config';

async function main(): Promise<void> {
  installProcessGuards('analytics');
  exitWhenLauncherGone('analytics');
  const env = validateAnalyticsEnv(process.env);
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn', env.LOG_LEVEL] });
  app.enableShutdownHooks();
  await app.listen(env.PORT, env.HOST);
  new Logger('AnalyticsService').log(`listening on http://${env.HOST}:${env.PORT} (${env.delivery.mode})`);
}

main().catch((e: unknown) => {
  console.error(`analytics service failed to start: ${(e as Error).message}`);
  process.exit(1);
});

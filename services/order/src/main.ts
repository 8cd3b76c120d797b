import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { exitWhenLauncherGone, installProcessGuards } from '@orderlab/runtime';
import { AppModule } from './app.module';
import { validateOrderEnv } from './config/order-config';

export async function createOrderApp() {
  const env = validateOrderEnv(process.env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error', 'warn', env.LOG_LEVEL] });
  app.enableShutdownHooks();
  // No ETag on answers (nothing here is cached or revalidated; Express would hash every body for
  // it, ~2% of the CPU of a POST /orders), and no X-Powered-By.
  app.set('etag', false);
  app.disable('x-powered-by');
  const doc = new DocumentBuilder()
    .setTitle('Order service')
    .setDescription('Places orders: each becomes an OrderPlaced event on the "orders" topic, keyed by customer id.')
    .setVersion('1')
    .build();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, doc));
  return { app, env };
}

async function main(): Promise<void> {
  installProcessGuards('order');
  exitWhenLauncherGone('order');
  const { app, env } = await createOrderApp();
  await app.listen(env.PORT, env.HOST);
  new Logger('OrderService').log(`listening on http://${env.HOST}:${env.PORT} (OpenAPI at /docs)`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`order service failed to start: ${(e as Error).message}`);
    process.exit(1);
  });
}

import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { exitWhenLauncherGone, installProcessGuards } from '@orderlab/runtime';
import { AppModule } from './app.module';
import { validateOrderEnv } from './config/order-config';

export async function createOrderApp() {
  const env = validateOrderEnv(process.env);
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn', env.LOG_LEVEL] });
  app.enableShutdownHooks();
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

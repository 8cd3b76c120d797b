import 'reflect-metadata';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { Partitioners, logLevel, type Admin } from 'kafkajs';
import { BrokerProcess, kafkaClient, waitFor, waitForStableGroup } from '../../src';

const received: Array<{ orderId: string }> = [];

@Controller()
class OrdersListener {
  @EventPattern('nest-orders')
  onOrder(@Payload() order: { orderId: string }): void {
    received.push(order);
  }
}

@Module({ controllers: [OrdersListener] })
class ListenerModule {}

let broker: BrokerProcess;
let admin: Admin;
let app: INestMicroservice | undefined;

before(async () => {
  broker = await new BrokerProcess({ args: ['--group-initial-rebalance-delay-ms', '300'] }).start();
  admin = kafkaClient(broker.bootstrap).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'nest-orders', numPartitions: 2 }] });
});

after(async () => {
  await app?.close();
  await admin?.disconnect();
  await broker?.dispose();
});

test('a NestJS microservice on @nestjs/microservices\' Kafka transport consumes through the broker, in the group it was given', async () => {
  app = await NestFactory.createMicroservice<MicroserviceOptions>(ListenerModule, {
    logger: false,
    transport: Transport.KAFKA,
    options: {
      client: { clientId: 'nest-listener', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING },
      consumer: { groupId: 'nest-group', sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 500 },
      subscribe: { fromBeginning: true },
      postfixId: '',
    },
  });
  await app.listen();
  await waitForStableGroup(admin, 'nest-group', 1, 2);
  const producer = kafkaClient(broker.bootstrap).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({ topic: 'nest-orders', messages: Array.from({ length: 20 }, (_, i) => ({ key: `c${i % 4}`, value: JSON.stringify({ orderId: `o-${i}` }) })) });
  await producer.disconnect();
  await waitFor(() => received.length >= 20, { timeoutMs: 20_000, description: '20 events in the Nest handler' });
  assert.deepEqual(received.map((o) => o.orderId).sort(), Array.from({ length: 20 }, (_, i) => `o-${i}`).sort());
  const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
  assert.ok(groups.includes('nest-group'), `the group id is the configured one (postfixId ''), got ${groups.join(', ')}`);
});

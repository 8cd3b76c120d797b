import 'reflect-metadata';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { ConsumedRecord, DedupeWindow, ProcessOutcome, RecordProcessor } from '@orderlab/delivery';
import { consumerServiceProviders } from '../src/consumer-service.providers';
import { CONSUMER_CONFIG, CONSUMER_SETUP, RECORD_PROCESSOR, type ConsumerServiceSetup } from '../src/consumer-service.tokens';
import { DEDUPE_WINDOW } from '../src/kafka/dedupe-window.provider';
import { OrderEventsConsumer } from '../src/kafka/order-events-consumer';

@Injectable()
class CountingProcessor implements RecordProcessor {
  calls = 0;
  async process(_record: ConsumedRecord): Promise<ProcessOutcome> {
    this.calls++;
    return { kind: 'applied' };
  }
}

const SERVICE_CONFIG = 'billing';

test("the kit's tokens are the service's own instances: its config, its processor (the one its other providers get), its window", async () => {
  const config = { GROUP_ID: 'billing-group', DEDUPE_WINDOW_MS: 4242, REDIS_URL: 'redis://127.0.0.1:1' };
  const positions = { positions: 'billing:positions', counters: 'billing:summary', duplicateField: 'duplicates' };
  const module = await Test.createTestingModule({
    providers: [{ provide: SERVICE_CONFIG, useValue: config }, CountingProcessor, ...consumerServiceProviders({ service: 'billing', config: SERVICE_CONFIG, processor: CountingProcessor, positions })],
  })
    // The real consumer starts kafkajs on init; what is checked here is what it would be given.
    .overrideProvider(OrderEventsConsumer)
    .useValue({})
    .compile();
  assert.equal(module.get(CONSUMER_CONFIG), config);
  assert.equal(module.get(RECORD_PROCESSOR), module.get(CountingProcessor), 'one processor instance, not a second one');
  assert.equal(module.get<DedupeWindow>(DEDUPE_WINDOW).ms, 4242, 'DEDUPE_WINDOW_MS from the service config');
  assert.deepEqual(module.get<ConsumerServiceSetup>(CONSUMER_SETUP), { service: 'billing', positions });
  await module.close();
});

import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';

/** A kafkajs client for tests: quiet, short timeouts, quick retries. */
export function kafkaClient(bootstrap: string, overrides: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: 'e2e',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 2000 },
    ...overrides,
  });
}

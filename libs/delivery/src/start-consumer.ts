import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { Logger } from '@orderlab/shared';
import type { ConsumerEnv } from './consumer-env';
import { CrashInjector } from './crash-injector';
import type { DeliverySettings } from './delivery-config';
import { DeliveryRunner, type RecordProcessor } from './delivery-runner';
import { KafkajsDeadLetters, KafkajsEventConsumer } from './kafkajs-event-consumer';
import { positionsFromHash } from './offset-guard';

export interface ConsumerWiring {
  readonly env: ConsumerEnv;
  readonly groupId: string;
  readonly topic: string;
  readonly deadLetterTopic: string;
  readonly settings: DeliverySettings;
  readonly processor: RecordProcessor;
  readonly logger: Logger;
  /**
   * The next positions the service stored with its data (field "<topic>:<partition>"). In
   * exactly-once mode the consumer seeks to them on assignment — an optimisation: the offset
   * check in the atomic write is the guarantee.
   */
  readonly storedPositions?: () => Promise<Record<string, string>>;
  /** How a crash point ends the process; SIGKILL unless a test says otherwise. */
  readonly kill?: (reason: string) => void;
}

export interface RunningConsumer {
  readonly runner: DeliveryRunner;
  stop(): Promise<void>;
}

/** Builds the kafkajs consumer, the dead-letter producer and the delivery runner, and starts them. */
export async function startConsumer(w: ConsumerWiring): Promise<RunningConsumer> {
  const clientId = `${w.groupId}-${w.env.INSTANCE_NAME ?? process.pid}`;
  const kafka = new Kafka({ clientId, brokers: w.env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 200 } });
  const consumer = new KafkajsEventConsumer(kafka, {
    groupId: w.groupId,
    topic: w.topic,
    sessionTimeoutMs: w.env.SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: w.env.HEARTBEAT_INTERVAL_MS,
    maxWaitTimeMs: w.env.MAX_WAIT_MS,
    rebalanceTimeoutMs: w.env.REBALANCE_TIMEOUT_MS,
  });
  const stored = w.storedPositions;
  if (stored && w.settings.mode === 'exactly-once') consumer.onAssignment(async (partitions) => positionsFromHash(await stored(), partitions));
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const runner = new DeliveryRunner({
    consumer,
    processor: w.processor,
    deadLetters: new KafkajsDeadLetters(producer, w.deadLetterTopic, w.groupId),
    mode: w.settings.mode,
    crash: new CrashInjector(w.settings.crash, w.kill ?? sigkillSelf),
    logger: w.logger,
  });
  await runner.start();
  w.logger.info({ group: w.groupId, mode: w.settings.mode, idempotentWrites: w.settings.idempotentWrites, crash: w.settings.crash }, `consuming ${w.topic} in group ${w.groupId} (${w.settings.mode})`);
  return {
    runner,
    async stop() {
      await runner.stop();
      await producer.disconnect();
    },
  };
}

/** The crash points' SIGKILL: say why on stderr (synchronously), then die without cleanup. */
export function sigkillSelf(reason: string): void {
  process.stderr.write(`crash point: ${reason}: SIGKILL\n`);
  process.kill(process.pid, 'SIGKILL');
}

import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from '@orderlab/shared';
import type { ConsumerEnv } from './consumer-env';
import { consumerHealth, type ConsumerHealth } from './consumer-health';
import { CrashInjector } from './crash-injector';
import { KafkajsDeadLetters } from './dead-letters';
import type { DedupeWindow, TopicRetention } from './dedupe-window';
import type { DeliverySettings } from './delivery-config';
import { DeliveryRunner, type RecordProcessor } from './delivery-runner';
import { Backoff } from './faults';
import type { EventConsumerPort } from './event-consumer.port';
import { KafkajsEventConsumer } from './kafkajs-event-consumer';
import { MessageFedConsumer, type FedMessage } from './message-fed-consumer';
import type { PositionStore } from './position-store';

export interface ConsumerWiring {
  readonly env: ConsumerEnv;
  readonly groupId: string;
  readonly topic: string;
  readonly deadLetterTopic: string;
  readonly settings: DeliverySettings;
  readonly processor: RecordProcessor;
  readonly logger: Logger;
  /** The positions the service stores with its data: required for exactly-once, where they decide where every partition is read from. */
  readonly positions?: PositionStore;
  /** Learns the topic's retention.ms and segment.ms once the broker answers. */
  readonly dedupeWindow?: DedupeWindow;
  /** How a crash point ends the process; SIGKILL unless a test says otherwise. */
  readonly kill?: (reason: string) => void;
}

export interface RunningConsumer {
  readonly runner: DeliveryRunner;
  health(): ConsumerHealth;
  stop(): Promise<void>;
}

/**
 * Builds the kafkajs consumer, the dead-letter producer and the delivery runner, and starts
 * them in the background: neither an unreachable broker nor an unreachable store stops the
 * service from booting; health() says what it is waiting for.
 */
export function startConsumer(w: ConsumerWiring): RunningConsumer {
  const kafka = kafkaFor(w);
  const consumer = new KafkajsEventConsumer(kafka, { ...groupConsumerConfig(w.env, w.groupId), topic: w.topic }, w.logger);
  return wire(w, kafka, consumer);
}

/** A consumer whose kafkajs group member a framework runs (NestJS's ServerKafka): it hands every message to deliver(). */
export interface FedConsumer extends RunningConsumer {
  readonly feed: MessageFedConsumer;
  /** One message through the delivery logic (processed, then committed, as the mode says). */
  deliver(m: FedMessage, heartbeat: () => Promise<void>): Promise<void>;
  /** One message the service's own validation refused: to the dead-letter topic, then committed. */
  deadLetter(m: FedMessage, heartbeat: () => Promise<void>, reason: string): Promise<void>;
}

export function startFedConsumer(w: ConsumerWiring): FedConsumer {
  const kafka = kafkaFor(w);
  // at-most-once commits before processing, so its commit cannot wait; the others commit after, in chunks.
  // ≤ 20 records a commit: a process that crashes every N records (crash points: N = 100) must
  // still commit progress before it dies, or it re-delivers the same records forever.
  const feed = new MessageFedConsumer(kafka, w.topic, w.logger, w.settings.mode === 'at-most-once' ? {} : { deferCommits: { maxRecords: 20, maxDelayMs: 200 } });
  const running = wire(w, kafka, feed);
  return {
    ...running,
    feed,
    deliver: (m, heartbeat) => feed.deliver(m, heartbeat),
    async deadLetter(m, heartbeat, reason) {
      const p = feed.prepare(m, heartbeat);
      await running.runner.onRefused(p.batch, reason, p.control);
      p.settle();
    },
  };
}

/** The kafkajs group settings of a consumer service (session, heartbeat, fetch wait, rebalance timeout). */
export function groupConsumerConfig(env: ConsumerEnv, groupId: string) {
  return {
    groupId,
    sessionTimeout: env.SESSION_TIMEOUT_MS,
    heartbeatInterval: env.HEARTBEAT_INTERVAL_MS,
    maxWaitTimeInMs: env.MAX_WAIT_MS,
    rebalanceTimeout: env.REBALANCE_TIMEOUT_MS,
    allowAutoTopicCreation: false,
  };
}

/** The client id a consumer service's connections carry: its group and instance. */
export function consumerClientId(w: Pick<ConsumerWiring, 'env' | 'groupId'>): string {
  return `${w.groupId}-${w.env.INSTANCE_NAME ?? process.pid}`;
}

function kafkaFor(w: ConsumerWiring): Kafka {
  return new Kafka({ clientId: consumerClientId(w), brokers: w.env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 200 } });
}

/**
 * The dead-letter producer and the delivery runner around a consumer, started in the
 * background: neither an unreachable broker nor an unreachable store stops the service from
 * booting; health() says what it is waiting for.
 */
function wire(w: ConsumerWiring, kafka: Kafka, consumer: EventConsumerPort & { topicRetention(): Promise<TopicRetention> }): RunningConsumer {
  const deadLetters = new KafkajsDeadLetters(kafka, w.deadLetterTopic, w.groupId);
  const runner = new DeliveryRunner({
    consumer,
    processor: w.processor,
    deadLetters,
    mode: w.settings.mode,
    ...(w.settings.mode === 'exactly-once' ? { positions: w.positions } : {}),
    crash: new CrashInjector(w.settings.crash, w.kill ?? sigkillSelf),
    logger: w.logger,
    processDelayMs: w.settings.processDelayMs,
  });
  runner.start();
  const stopLearning = w.dedupeWindow ? learnRetention(consumer, w.dedupeWindow, w.logger) : () => undefined;
  w.logger.info({ group: w.groupId, mode: w.settings.mode, idempotentWrites: w.settings.idempotentWrites, crash: w.settings.crash }, `consuming ${w.topic} in group ${w.groupId} (${w.settings.mode})`);
  const silentAfterMs = Math.max(w.env.SESSION_TIMEOUT_MS + w.env.MAX_WAIT_MS, w.env.REBALANCE_TIMEOUT_MS) + 5000;
  return {
    runner,
    health: () => consumerHealth(consumer.status(), runner.faults.current, Date.now(), silentAfterMs),
    async stop() {
      stopLearning();
      await runner.stop();
      await deadLetters.close();
    },
  };
}

/** Asks the broker for the topic's retention settings until it answers (in the background: the broker may be down at boot). */
function learnRetention(consumer: { topicRetention(): Promise<TopicRetention> }, window: DedupeWindow, logger: Logger): () => void {
  const backoff = new Backoff(1000, 30_000);
  let timer: NodeJS.Timeout | null = null;
  const attempt = (): void => {
    consumer.topicRetention().then(
      (t) => logger.info({ ...t, windowMs: window.ms }, window.learn(t)),
      () => {
        timer = setTimeout(attempt, backoff.next());
        timer.unref();
      },
    );
  };
  attempt();
  return () => {
    if (timer) clearTimeout(timer);
  };
}

/** The crash points' SIGKILL: say why on stderr (synchronously), then die without cleanup. */
export function sigkillSelf(reason: string): void {
  process.stderr.write(`crash point: ${reason}: SIGKILL\n`);
  process.kill(process.pid, 'SIGKILL');
}

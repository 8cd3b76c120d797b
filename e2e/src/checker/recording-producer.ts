import type { Kafka, Producer } from 'kafkajs';
import { kafkaErrorTypes } from '../helpers/kafkajs-errors';
import { waitFor } from '../helpers/wait-for';
import type { SendOutcome, SendRecord } from './history';

export interface RecordingProducerOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  readonly partitions: number;
  /** Keys per partition; each key is sent to its own partition only, so per-key order is per partition. */
  readonly keysPerPartition?: number;
  readonly acks: -1 | 1;
  readonly idempotent: boolean;
  /** Records per second the loop aims at (one send carries one record per partition). */
  readonly ratePerSec: number;
  /** Names the producer session in ids: runs with several producers stay distinguishable. */
  readonly session?: string;
  /** The produce request's timeout (acks=all waits at most this long for the ISR). */
  readonly timeoutMs?: number;
  /** kafkajs retries of one send (default the client's): few make errors reach the producer. */
  readonly retries?: number;
}

/**
 * A real kafkajs producer writing unique ids (the record value) with keys at a steady rate, and
 * recording every attempt: what was handed to the client and what it answered (the offset, or
 * the error with kafkajs's retriable flag). One record per send, so its offset is the answer's
 * base offset; one send at a time per partition (its keys live there), so sends of one key are
 * never concurrent and per-key order is the send order.
 */
export class RecordingProducer {
  readonly sends: SendRecord[] = [];
  private readonly producer: Producer;
  private running = false;
  private loop: Promise<void> | null = null;
  private seq = 0;
  readonly session: string;

  constructor(private readonly o: RecordingProducerOptions) {
    this.session = o.session ?? 'p1';
    this.producer = o.kafka.producer({ idempotent: o.idempotent, maxInFlightRequests: o.idempotent ? 1 : undefined, allowAutoTopicCreation: false, ...(o.retries !== undefined ? { retry: { retries: o.retries, initialRetryTime: 100, maxRetryTime: 1000 } } : {}) });
  }

  async start(): Promise<this> {
    await this.producer.connect();
    this.running = true;
    this.loop = this.run();
    return this;
  }

  /** Stops after the send in flight has its answer (so every attempt has an outcome), then disconnects. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.producer.disconnect();
  }

  get acknowledged(): number {
    return this.sends.filter((s) => s.outcome.ok).length;
  }

  get failed(): SendRecord[] {
    return this.sends.filter((s) => !s.outcome.ok);
  }

  /** Time of the latest acknowledgement (0 before the first). */
  get lastAckAt(): number {
    return this.sends.reduce((t, s) => (s.outcome.ok ? Math.max(t, s.doneAt) : t), 0);
  }

  /** Waits until `n` more records are acknowledged than now: the producer makes progress. */
  async progress(n: number, timeoutMs: number, description = 'the producer to progress', partition?: number): Promise<void> {
    const count = () => (partition === undefined ? this.acknowledged : this.acknowledgedOn(partition));
    const target = count() + n;
    await waitFor(() => count() >= target, { timeoutMs, intervalMs: 20, description: `${description} (${n} more acknowledgements${partition === undefined ? '' : ` on partition ${partition}`}; ${count()} so far, last errors ${this.lastErrors()})` });
  }

  lastErrors(n = 3): string {
    return JSON.stringify(this.failed.slice(-n).map((s) => s.outcome));
  }

  private async run(): Promise<void> {
    await Promise.all(Array.from({ length: this.o.partitions }, (_, p) => this.runPartition(p)));
  }

  /** One loop per partition: a stalled leader holds up only its own partition's sends. */
  private async runPartition(partition: number): Promise<void> {
    const keys = this.o.keysPerPartition ?? 4;
    const intervalMs = (1000 * this.o.partitions) / this.o.ratePerSec;
    let next = Date.now();
    for (let round = 0; this.running; round++) {
      const seq = this.seq++;
      const b = { id: `${this.session}-${seq}`, key: `k${partition}-${round % keys}`, partition, seq };
      const sentAt = Date.now();
      let outcome: SendOutcome;
      try {
        const meta = await this.producer.send({ topic: this.o.topic, acks: this.o.acks, timeout: this.o.timeoutMs ?? 5000, messages: [{ key: b.key, value: b.id, partition }] });
        const m = meta.find((x) => x.partition === partition);
        outcome = m && m.errorCode === 0 && m.baseOffset !== undefined ? { ok: true, offset: Number(m.baseOffset) } : { ok: false, error: `no offset in the answer (${JSON.stringify(m)})`, retriable: false };
      } catch (e) {
        outcome = describeError(e);
      }
      this.sends.push({ ...b, session: this.session, sentAt, doneAt: Date.now(), outcome });
      next = Math.max(next + intervalMs, Date.now());
      const wait = next - Date.now();
      if (wait > 0 && this.running) await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** Acknowledged records of one partition. */
  acknowledgedOn(partition: number): number {
    return this.sends.filter((s) => s.partition === partition && s.outcome.ok).length;
  }
}

/**
 * The error as the producer saw it, with whether it may be retried. kafkajs gives up on a
 * retriable error by wrapping it in KafkaJSNumberOfRetriesExceeded (itself flagged non-retriable):
 * what matters is the cause the broker sent, so that is the flag kept.
 */
export function describeError(e: unknown): SendOutcome {
  const err = e as { name?: string; message?: string; retriable?: boolean; cause?: { retriable?: boolean; name?: string; message?: string } };
  const types = kafkaErrorTypes(e);
  const exhausted = err.name === 'KafkaJSNumberOfRetriesExceeded';
  const retriable = exhausted ? err.cause?.retriable !== false : err.retriable === true;
  const what = types.length > 0 ? types.join('/') : `${err.cause?.name ?? err.name ?? 'Error'}: ${err.cause?.message ?? err.message ?? String(e)}`;
  return { ok: false, error: `${err.name ?? 'Error'} (${what})`, retriable };
}

import {
  EMPTY_IMAGE,
  applyBatch,
  partitionOf,
  uuidFromString,
  type MetadataImage,
  type MetadataRecord,
  type PartitionImage,
} from '@orderlab/metadata';
import { ClusterControl, KAFKA_CONTROL_DEFAULTS, type ControlConfig, type ControlResult } from '../../src/control';

export const CLUSTER_ID = 'test-cluster-0000000000';

/** A small deterministic generator (mulberry32) for the randomness the controller takes as input. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const incarnation = (brokerId: number, generation = 0): Buffer => Buffer.alloc(16, brokerId * 16 + generation + 1);

/**
 * Plays the driver's part for the pure controller: keeps the image, appends each decision's
 * records as one batch at the next offsets (as the Raft log would), and owns the clock.
 */
export class Harness {
  image: MetadataImage = EMPTY_IMAGE;
  nowMs = 1_000;
  control: ClusterControl;
  /** Every record appended, with its offset. */
  readonly log: Array<{ offset: number; record: MetadataRecord }> = [];
  private uuids = 0;

  constructor(
    private readonly config: Partial<ControlConfig> = {},
    private readonly random: () => number = () => 0,
  ) {
    this.control = this.newController();
    this.run(() => this.control.activate(this.image, this.nowMs));
  }

  /** Another controller becomes active over the same log: same image, fresh in-memory sessions. */
  failover(): void {
    this.control = this.newController();
    this.run(() => this.control.activate(this.image, this.nowMs));
  }

  private newController(): ClusterControl {
    return new ClusterControl({ ...KAFKA_CONTROL_DEFAULTS, clusterId: CLUSTER_ID, ...this.config }, this.random, () => {
      this.uuids = (this.uuids % 250) + 1;
      return Buffer.alloc(16, this.uuids);
    });
  }

  get nextOffset(): number {
    return this.image.lastAppliedOffset + 1;
  }

  /** Runs one decision and appends its records, returning the response (and the records). */
  run<R>(decide: (image: MetadataImage, nextOffset: number, nowMs: number) => ControlResult<R>): R {
    return this.runWithRecords(decide).response;
  }

  runWithRecords<R>(decide: (image: MetadataImage, nextOffset: number, nowMs: number) => ControlResult<R>): ControlResult<R> {
    const result = decide(this.image, this.nextOffset, this.nowMs);
    const first = this.nextOffset;
    this.image = applyBatch(this.image, result.records, first, 1);
    result.records.forEach((record, i) => this.log.push({ offset: first + i, record }));
    return result;
  }

  register(brokerId: number, generation = 0, features = [{ name: 'metadata.version', minSupportedVersion: 1, maxSupportedVersion: 14 }]) {
    return this.run((image, next, now) =>
      this.control.registerBroker(
        image,
        { brokerId, clusterId: CLUSTER_ID, incarnationId: incarnation(brokerId, generation), listeners: [{ name: 'PLAINTEXT', host: 'localhost', port: 9092 + 3 * brokerId, securityProtocol: 0 }], features, rack: null },
        next,
        now,
      ),
    );
  }

  /** `connectionId`: the client connection it arrives on (default: unknown, -1). */
  heartbeat(brokerId: number, opts: { offset?: number; wantFence?: boolean; wantShutDown?: boolean; epoch?: number; connectionId?: number } = {}) {
    const brokerEpoch = opts.epoch ?? this.image.brokers.get(brokerId)?.brokerEpoch ?? -1;
    return this.run((image, next, now) =>
      this.control.brokerHeartbeat(
        image,
        { brokerId, brokerEpoch, currentMetadataOffset: opts.offset ?? image.lastAppliedOffset, wantFence: opts.wantFence ?? false, wantShutDown: opts.wantShutDown ?? false },
        next,
        now,
        opts.connectionId,
      ),
    );
  }

  /** Runs fenceStaleBroker once now: the fenced broker's id, or null. */
  fenceStale(): number | null {
    return this.run((image, _n, now) => this.control.fenceStaleBroker(image, now));
  }

  /** Registers and unfences brokers (each heartbeats once, caught up). */
  addBrokers(...ids: number[]): void {
    for (const id of ids) this.register(id);
    for (const id of ids) this.heartbeat(id);
  }

  createTopic(name: string, numPartitions: number, replicationFactor: number, configs: Record<string, string> = {}) {
    const [result] = this.run((image) =>
      this.control.createTopics(image, [{ name, numPartitions, replicationFactor, assignments: [], configs: Object.entries(configs).map(([n, value]) => ({ name: n, value })) }], false),
    );
    return result;
  }

  partition(topic: string, p: number): PartitionImage {
    const found = partitionOf(this.image, topic, p);
    if (!found) throw new Error(`no partition ${topic}-${p}`);
    return found;
  }

  topicId(topic: string): Buffer {
    return uuidFromString(this.image.topicIdsByName.get(topic) ?? '');
  }

  advance(ms: number): void {
    this.nowMs += ms;
  }
}

/** [leader, leaderEpoch, partitionEpoch, isr] of a partition, for compact assertions. */
export const state = (p: PartitionImage) => ({ leader: p.leader, leaderEpoch: p.leaderEpoch, partitionEpoch: p.partitionEpoch, isr: [...p.isr] });

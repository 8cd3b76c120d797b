/** The settings the active controller's decisions depend on. Validated by the process at boot. */
export interface ControlConfig {
  /** Brokers must register with this cluster id (INCONSISTENT_CLUSTER_ID otherwise). */
  readonly clusterId: string;
  /** broker.session.timeout.ms: a broker not heard from for longer is fenced. Kafka 9000; the demo uses 6000. */
  readonly sessionTimeoutMs: number;
  /**
   * How soon a broker is fenced after the connection carrying its heartbeats closed with no
   * heartbeat since (a killed process: the kernel closes its sockets). Not in Kafka; ≥ 2 broker
   * heartbeat intervals, so a live broker that reconnects is never fenced by it. The demo uses 1000.
   */
  readonly disconnectGraceMs: number;
  /** num.partitions for CreateTopics with -1. */
  readonly defaultPartitions: number;
  /** default.replication.factor for CreateTopics with -1. */
  readonly defaultReplicationFactor: number;
  /**
   * Who is in a new partition's ISR. 'replicas' is Kafka's rule (empty logs are in sync);
   * 'leader' is for a cluster whose followers do not replicate yet, so Metadata never claims
   * an ISR member that holds nothing.
   */
  readonly initialIsr: 'replicas' | 'leader';
  /** auto.leader.rebalance.enable: move leadership back to preferred replicas periodically. */
  readonly autoLeaderRebalanceEnable: boolean;
  /** leader.imbalance.check.interval.seconds, in ms (Kafka 300 s). */
  readonly leaderImbalanceCheckIntervalMs: number;
  /** Preferred-leader elections per rebalance pass (Kafka's max.elections.per.imbalance, 1000). */
  readonly maxElectionsPerImbalance: number;
}

/** Kafka's defaults, for tests and as a starting point. */
export const KAFKA_CONTROL_DEFAULTS: Omit<ControlConfig, 'clusterId'> = {
  sessionTimeoutMs: 9000,
  // 2 × Kafka's broker.heartbeat.interval.ms.
  disconnectGraceMs: 4000,
  defaultPartitions: 1,
  defaultReplicationFactor: 1,
  initialIsr: 'replicas',
  autoLeaderRebalanceEnable: true,
  leaderImbalanceCheckIntervalMs: 300_000,
  maxElectionsPerImbalance: 1000,
};

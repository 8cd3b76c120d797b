/** The settings the active controller's decisions depend on. Validated by the process at boot. */
export interface ControlConfig {
  /** Brokers must register with this cluster id (INCONSISTENT_CLUSTER_ID otherwise). */
  readonly clusterId: string;
  /** broker.session.timeout.ms: a broker not heard from for longer is fenced. Kafka 9000; the demo uses 6000. */
  readonly sessionTimeoutMs: number;
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
  defaultPartitions: 1,
  defaultReplicationFactor: 1,
  initialIsr: 'replicas',
  autoLeaderRebalanceEnable: true,
  leaderImbalanceCheckIntervalMs: 300_000,
  maxElectionsPerImbalance: 1000,
};

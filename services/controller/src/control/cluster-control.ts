import { uuidToString, type MetadataImage } from '@orderlab/metadata';
import { activationRecords } from './bootstrap';
import { HeartbeatTracker } from './brokers/heartbeat-tracker';
import { processHeartbeat, type BrokerHeartbeatReply, type BrokerHeartbeatRequest } from './brokers/heartbeat';
import { registerBroker, type BrokerRegistrationReply, type BrokerRegistrationRequest } from './brokers/registration';
import { fenceStaleBroker } from './brokers/session-expiry';
import type { ControlConfig } from './control-config';
import type { ControlResult } from './control-result';
import { alterPartition, type AlterPartitionReply, type AlterPartitionRequest } from './partitions/alter-partition';
import { electLeaders, type ElectLeadersReply, type ElectLeadersRequest } from './partitions/elect-leaders';
import { balancePartitionLeaders, leadersImbalanced } from './partitions/leader-balance';
import { allocateProducerIds, type AllocateProducerIdsReply, type AllocateProducerIdsRequest } from './producer-ids';
import {
  alterConfigs,
  incrementalAlterConfigs,
  type AlterConfigsResource,
  type AlterConfigsResourceResult,
  type IncrementalAlterConfigsResource,
} from './topics/alter-configs';
import { createPartitions, type CreatePartitionsTopic, type CreatePartitionsTopicResult } from './topics/create-partitions';
import { createTopics, type CreatableTopic, type CreatableTopicResult } from './topics/create-topics';
import { deleteTopics, type DeletableTopicResult, type DeleteTopicsInput } from './topics/delete-topics';

/**
 * The active controller's decisions in one place. Pure but for the heartbeat tracker it owns
 * (in memory, like Kafka's BrokerHeartbeatManager); time, offsets and randomness come in as
 * arguments. Every method takes the LATEST image — including records appended but not yet
 * committed — and returns the records to append atomically and the answer to send once they
 * commit (see ControlResult for the driver's contract). A controller that loses leadership drops
 * this object; the next active one builds a new one and calls activate().
 */
export class ClusterControl {
  readonly heartbeats: HeartbeatTracker;
  /** When the periodic preferred-leader rebalance runs next. */
  private nextLeaderBalanceMs = 0;

  constructor(
    readonly config: ControlConfig,
    private readonly random: () => number,
    private readonly newUuid: () => Buffer,
  ) {
    this.heartbeats = new HeartbeatTracker(config.sessionTimeoutMs, config.disconnectGraceMs);
  }

  /** On election: every registered broker gets a fresh session; an empty log gets its metadata.version. */
  activate(image: MetadataImage, nowMs: number): ControlResult<null> {
    this.heartbeats.activate(image, nowMs);
    this.nextLeaderBalanceMs = nowMs + this.config.leaderImbalanceCheckIntervalMs;
    return { records: activationRecords(image), response: null };
  }

  /** `nextOffset`: the offset the first returned record will be written at (the broker epoch comes from it). */
  registerBroker(image: MetadataImage, req: BrokerRegistrationRequest, nextOffset: number, nowMs: number): ControlResult<BrokerRegistrationReply> {
    return registerBroker(image, req, { config: this.config, tracker: this.heartbeats, nextOffset, nowMs });
  }

  /** `connectionId`: the client connection it arrived on (-1 unknown), see brokerConnectionClosed. */
  brokerHeartbeat(image: MetadataImage, req: BrokerHeartbeatRequest, nextOffset: number, nowMs: number, connectionId = -1): ControlResult<BrokerHeartbeatReply> {
    return processHeartbeat(image, req, { tracker: this.heartbeats, nextOffset, nowMs, connectionId });
  }

  /**
   * A client connection closed (an input like time: the driver reports its sockets). A broker whose
   * last heartbeat came on it is fenced disconnectGraceMs later unless it heartbeats again; no
   * records now — fenceStaleBroker does it when due (nextSessionExpiryMs says when).
   */
  brokerConnectionClosed(connectionId: number, nowMs: number): void {
    this.heartbeats.connectionClosed(connectionId, nowMs);
  }

  /** Fences at most one broker whose session expired; call until the response is null. */
  fenceStaleBroker(image: MetadataImage, nowMs: number): ControlResult<number | null> {
    return fenceStaleBroker(image, this.heartbeats, nowMs);
  }

  /** When to call fenceStaleBroker next (undefined: no unfenced broker). */
  nextSessionExpiryMs(image: MetadataImage): number | undefined {
    return this.heartbeats.nextExpiryMs(image);
  }

  createTopics(image: MetadataImage, topics: readonly CreatableTopic[], validateOnly: boolean): ControlResult<CreatableTopicResult[]> {
    return createTopics(image, topics, validateOnly, { config: this.config, random: this.random, newUuid: this.newUuid });
  }

  deleteTopics(image: MetadataImage, input: DeleteTopicsInput): ControlResult<DeletableTopicResult[]> {
    return deleteTopics(image, input);
  }

  createPartitions(image: MetadataImage, topics: readonly CreatePartitionsTopic[], validateOnly: boolean): ControlResult<CreatePartitionsTopicResult[]> {
    return createPartitions(image, topics, validateOnly, { config: this.config, random: this.random });
  }

  alterConfigs(image: MetadataImage, resources: readonly AlterConfigsResource[], validateOnly: boolean): ControlResult<AlterConfigsResourceResult[]> {
    return alterConfigs(image, resources, validateOnly);
  }

  incrementalAlterConfigs(image: MetadataImage, resources: readonly IncrementalAlterConfigsResource[], validateOnly: boolean): ControlResult<AlterConfigsResourceResult[]> {
    return incrementalAlterConfigs(image, resources, validateOnly);
  }

  allocateProducerIds(image: MetadataImage, req: AllocateProducerIdsRequest): ControlResult<AllocateProducerIdsReply> {
    return allocateProducerIds(image, req);
  }

  /** `version`: the AlterPartition request version (topic names below v2, broker epochs per ISR member from v3). */
  alterPartition(image: MetadataImage, req: AlterPartitionRequest, version: number): ControlResult<AlterPartitionReply> {
    const result = alterPartition(image, req, version);
    // A preferred replica back in the ISR of a partition it does not lead: run the rebalance at the
    // next periodic call rather than up to a whole check interval later (Kafka waits for the interval).
    if (this.config.autoLeaderRebalanceEnable && preferredRejoined(image, result.response)) this.nextLeaderBalanceMs = 0;
    return result;
  }

  electLeaders(image: MetadataImage, req: ElectLeadersRequest): ControlResult<ElectLeadersReply> {
    return electLeaders(image, req);
  }

  /** One pass of the preferred-leader rebalance, now. */
  balancePartitionLeaders(image: MetadataImage): ControlResult<{ readonly moreToDo: boolean }> {
    return balancePartitionLeaders(image, this.config.maxElectionsPerImbalance);
  }

  /**
   * The periodic rebalance (auto.leader.rebalance.enable): a pass when the check interval has
   * passed and some partition is not led by its preferred replica; the next one after another
   * interval, or at once while a pass left work (QuorumController's scheduling).
   */
  periodicLeaderBalance(image: MetadataImage, nowMs: number): ControlResult<{ readonly moreToDo: boolean }> {
    if (!this.config.autoLeaderRebalanceEnable || nowMs < this.nextLeaderBalanceMs) return { records: [], response: { moreToDo: false } };
    const pass = leadersImbalanced(image) ? this.balancePartitionLeaders(image) : { records: [], response: { moreToDo: false } };
    this.nextLeaderBalanceMs = pass.response.moreToDo ? nowMs : nowMs + this.config.leaderImbalanceCheckIntervalMs;
    return pass;
  }

  /** When periodicLeaderBalance has something to decide next (undefined when disabled). */
  nextLeaderBalanceAtMs(): number | undefined {
    return this.config.autoLeaderRebalanceEnable ? this.nextLeaderBalanceMs : undefined;
  }
}

function preferredRejoined(image: MetadataImage, reply: AlterPartitionReply): boolean {
  for (const t of reply.topics) {
    for (const p of t.partitions) {
      if (p.errorCode !== 0) continue;
      const id = t.topicName ? image.topicIdsByName.get(t.topicName) : uuidToString(t.topicId);
      const topic = id ? image.topicsById.get(id) : undefined;
      const preferred = topic?.partitions.get(p.partitionIndex)?.replicas[0];
      if (preferred !== undefined && preferred !== p.leaderId && p.isr.includes(preferred)) return true;
    }
  }
  return false;
}

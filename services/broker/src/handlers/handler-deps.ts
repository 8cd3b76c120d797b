import type { ElectLeadersRequest, ElectLeadersResponse, MessageOf } from '@orderlab/kafka-protocol';
import type { Clock, Logger } from '@orderlab/shared';
import type { ClusterMetadata } from '../cluster/cluster-metadata';
import type { GroupService } from '../coordination/group-service';
import type { BrokerConfig } from '../config/broker-config';
import type { Partition } from '../partitions/partition';
import type { ReplicaManager } from '../partitions/replica-manager';
import type { ProducerIdAllocator } from '../producers/producer-id-allocator';

/** The leader's reaction to a follower's fetch (ISR expansion); absent in handler unit tests. */
export interface FollowerFetchListener {
  followerFetched(partition: Partition, replicaId: number): void;
}

/** What handlers may use; built once in the composition root. */
export interface HandlerDeps {
  readonly config: BrokerConfig;
  readonly metadata: ClusterMetadata;
  readonly replicas: ReplicaManager;
  readonly producerIds: ProducerIdAllocator;
  readonly groups: GroupService;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly isr?: FollowerFetchListener;
  /** ElectLeaders sent on to the active controller (retried on NOT_CONTROLLER within its timeout). */
  readonly forwardElectLeaders?: (req: MessageOf<typeof ElectLeadersRequest>) => Promise<MessageOf<typeof ElectLeadersResponse>>;
}

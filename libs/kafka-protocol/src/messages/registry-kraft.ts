import { AllocateProducerIdsRequest, AllocateProducerIdsResponse } from './allocate-producer-ids/schema';
import { AlterPartitionRequest, AlterPartitionResponse } from './alter-partition/schema';
import { BeginQuorumEpochRequest, BeginQuorumEpochResponse } from './begin-quorum-epoch/schema';
import { BrokerHeartbeatRequest, BrokerHeartbeatResponse } from './broker-heartbeat/schema';
import { BrokerRegistrationRequest, BrokerRegistrationResponse } from './broker-registration/schema';
import { DescribeQuorumRequest, DescribeQuorumResponse } from './describe-quorum/schema';
import { EndQuorumEpochRequest, EndQuorumEpochResponse } from './end-quorum-epoch/schema';
import { FetchSnapshotRequest, FetchSnapshotResponse } from './fetch-snapshot/schema';
import { VoteRequest, VoteResponse } from './vote/schema';

/**
 * KRaft's controller-facing APIs (issue 8): the Raft RPCs between controllers (Raft's Fetch is
 * the ordinary Fetch on __cluster_metadata), the broker lifecycle RPCs brokers send to the active
 * controller, and AlterPartition / AllocateProducerIds. Every schema covers the versions Kafka
 * 3.7-3.9 serve; which of them a node advertises is decided by its handlers.
 */
export const kraftApiSchemas = [
  { request: VoteRequest, response: VoteResponse },
  { request: BeginQuorumEpochRequest, response: BeginQuorumEpochResponse },
  { request: EndQuorumEpochRequest, response: EndQuorumEpochResponse },
  { request: DescribeQuorumRequest, response: DescribeQuorumResponse },
  { request: AlterPartitionRequest, response: AlterPartitionResponse },
  { request: FetchSnapshotRequest, response: FetchSnapshotResponse },
  { request: BrokerRegistrationRequest, response: BrokerRegistrationResponse },
  { request: BrokerHeartbeatRequest, response: BrokerHeartbeatResponse },
  { request: AllocateProducerIdsRequest, response: AllocateProducerIdsResponse },
] as const;

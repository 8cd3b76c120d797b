import { ElectLeadersRequest, ElectLeadersResponse } from './elect-leaders/schema';
import { IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse } from './incremental-alter-configs/schema';
import { OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse } from './offset-for-leader-epoch/schema';

/**
 * Client-facing APIs that replication brings (issue 9): divergence lookup by leader epoch,
 * preferred-leader election on demand, and the config API modern admin tools use.
 */
export const replicationApiSchemas = [
  { request: OffsetForLeaderEpochRequest, response: OffsetForLeaderEpochResponse },
  { request: ElectLeadersRequest, response: ElectLeadersResponse },
  { request: IncrementalAlterConfigsRequest, response: IncrementalAlterConfigsResponse },
] as const;

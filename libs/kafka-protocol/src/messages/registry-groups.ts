import { DeleteGroupsRequest, DeleteGroupsResponse } from './delete-groups/schema';
import { DescribeGroupsRequest, DescribeGroupsResponse } from './describe-groups/schema';
import { FindCoordinatorRequest, FindCoordinatorResponse } from './find-coordinator/schema';
import { HeartbeatRequest, HeartbeatResponse } from './heartbeat/schema';
import { JoinGroupRequest, JoinGroupResponse } from './join-group/schema';
import { LeaveGroupRequest, LeaveGroupResponse } from './leave-group/schema';
import { ListGroupsRequest, ListGroupsResponse } from './list-groups/schema';
import { OffsetCommitRequest, OffsetCommitResponse } from './offset-commit/schema';
import { OffsetDeleteRequest, OffsetDeleteResponse } from './offset-delete/schema';
import { OffsetFetchRequest, OffsetFetchResponse } from './offset-fetch/schema';
import { SyncGroupRequest, SyncGroupResponse } from './sync-group/schema';

/**
 * Consumer-group APIs (issue 3). Schemas describe Kafka's full validVersions; Phase A advertises
 * FindCoordinator 0-2, JoinGroup 0-5, Heartbeat 0-3, LeaveGroup 0-3, SyncGroup 0-3,
 * DescribeGroups 0-2, ListGroups 0-2, OffsetCommit 2-7, OffsetFetch 1-5, DeleteGroups 0-1, OffsetDelete 0.
 */
export const groupApiSchemas = [
  { request: OffsetCommitRequest, response: OffsetCommitResponse },
  { request: OffsetFetchRequest, response: OffsetFetchResponse },
  { request: FindCoordinatorRequest, response: FindCoordinatorResponse },
  { request: JoinGroupRequest, response: JoinGroupResponse },
  { request: HeartbeatRequest, response: HeartbeatResponse },
  { request: LeaveGroupRequest, response: LeaveGroupResponse },
  { request: SyncGroupRequest, response: SyncGroupResponse },
  { request: DescribeGroupsRequest, response: DescribeGroupsResponse },
  { request: ListGroupsRequest, response: ListGroupsResponse },
  { request: DeleteGroupsRequest, response: DeleteGroupsResponse },
  { request: OffsetDeleteRequest, response: OffsetDeleteResponse },
] as const;

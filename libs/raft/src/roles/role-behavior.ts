import type { RaftCore } from '../core';
import { onFetchRequest, onFetchSnapshotRequest } from '../handlers/fetch-at-leader';
import { onBeginQuorumEpoch, onEndQuorumEpoch } from '../handlers/quorum-epoch';
import { onVoteRequest } from '../handlers/vote';
import type { MessageOf, RaftMessageType } from '../messages';

export type MessageHandlers = { readonly [K in RaftMessageType]?: (core: RaftCore, message: MessageOf<K>) => void };

/** A role is a pair: what a tick does, and one handler per message type it reacts to (etcd's step/tick functions). */
export interface RoleBehavior {
  readonly tick: (core: RaftCore) => void;
  readonly handlers: MessageHandlers;
}

/** Requests every role answers; the handlers themselves refuse what the role may not do. */
export const requestHandlers: MessageHandlers = {
  VoteRequest: onVoteRequest,
  BeginQuorumEpochRequest: onBeginQuorumEpoch,
  EndQuorumEpochRequest: onEndQuorumEpoch,
  FetchRequest: onFetchRequest,
  FetchSnapshotRequest: onFetchSnapshotRequest,
};

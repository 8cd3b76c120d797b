import { defineHandler, type AnyHandler } from '@orderlab/kafka-net';
import {
  BeginQuorumEpochRequest,
  BeginQuorumEpochResponse,
  EndQuorumEpochRequest,
  EndQuorumEpochResponse,
  ErrorCode,
  FetchRequest,
  FetchResponse,
  FetchSnapshotRequest,
  FetchSnapshotResponse,
  VoteRequest,
  VoteResponse,
} from '@orderlab/kafka-protocol';
import type { RaftRequest, RaftResponse } from '@orderlab/raft';
import type { Logger } from '@orderlab/shared';
import type { InboundRequests } from './inbound-requests';
import { RAFT_RPC_VERSIONS } from './raft-rpc-versions';
import { beginQuorumEpochFromWire, beginQuorumEpochToWire, endQuorumEpochFromWire, endQuorumEpochToWire, quorumEpochErrorToWire } from './wire/quorum-epoch-wire';
import { fetchErrorToWire, fetchFromWire, fetchToWire } from './wire/fetch-wire';
import { fetchSnapshotErrorToWire, fetchSnapshotFromWire, fetchSnapshotToWire } from './wire/fetch-snapshot-wire';
import { voteErrorToWire, voteFromWire, voteToWire } from './wire/vote-wire';
import type { FromWire, WireContext } from './wire/wire-context';

export interface RaftEndpoint {
  /** Steps a message from the network into the core. */
  step(message: RaftRequest): void;
  readonly epoch: number;
  readonly leaderId: number;
}

export interface RaftHandlerOptions {
  readonly raft: RaftEndpoint;
  readonly inbound: InboundRequests;
  readonly ctx: WireContext;
  readonly tickMs: number;
  /** How long a request waits for the core beyond a fetch's own wait. */
  readonly answerTimeoutMs: number;
  /** Notes that a voter reached us (for telling live leaders from dead ones). */
  readonly heardFrom: (nodeId: number) => void;
  readonly logger: Logger;
}

type Exchange =
  | { readonly kind: 'refused'; readonly errorCode: number; readonly partitionLevel: boolean }
  | { readonly kind: 'answered'; readonly response: RaftResponse }
  | { readonly kind: 'unanswered' };

function responseOf<T extends RaftResponse['type']>(x: Exchange, type: T): Extract<RaftResponse, { type: T }> | undefined {
  return x.kind === 'answered' && x.response.type === type ? (x.response as Extract<RaftResponse, { type: T }>) : undefined;
}

const TIMED_OUT = { errorCode: ErrorCode.REQUEST_TIMED_OUT, partitionLevel: false } as const;

/**
 * Kafka wire handlers for KRaft's Raft RPCs: each maps the request to a raft message (with a
 * requestId of ours), steps it into the core and waits for the core's response, which it maps
 * back. A request the core never answers ends as REQUEST_TIMED_OUT, never as a silent stall.
 */
export function raftHandlers(o: RaftHandlerOptions): AnyHandler[] {
  const exchange = async <T extends RaftRequest>(map: (requestId: number) => FromWire<T>, timeoutMs: number, fetchReplica?: number): Promise<Exchange> => {
    const requestId = o.inbound.reserve();
    const mapped = map(requestId);
    if (!mapped.ok) return { kind: 'refused', errorCode: mapped.errorCode, partitionLevel: mapped.partitionLevel };
    const outcome = o.inbound.wait(requestId, timeoutMs, fetchReplica);
    o.heardFrom(mapped.message.from);
    o.raft.step(mapped.message);
    const result = await outcome;
    if (result.kind === 'answered') return { kind: 'answered', response: result.response };
    o.logger.debug({ type: mapped.message.type, from: mapped.message.from, outcome: result.kind }, 'raft request not answered by the core');
    return { kind: 'unanswered' };
  };
  const timeoutMs = o.answerTimeoutMs;
  const leader = () => ({ leaderId: o.raft.leaderId, leaderEpoch: o.raft.epoch });

  return [
    defineHandler({
      request: VoteRequest,
      response: VoteResponse,
      ...RAFT_RPC_VERSIONS.vote,
      handle: async (req, rc) => {
        const x = await exchange((id) => voteFromWire(req, rc.apiVersion, o.ctx, id), timeoutMs);
        const resp = responseOf(x, 'VoteResponse');
        if (resp) return voteToWire(resp, o.ctx);
        return voteErrorToWire(x.kind === 'refused' ? x : TIMED_OUT, o.ctx, o.raft.epoch);
      },
    }),
    defineHandler({
      request: BeginQuorumEpochRequest,
      response: BeginQuorumEpochResponse,
      ...RAFT_RPC_VERSIONS.beginQuorumEpoch,
      handle: async (req, rc) => {
        const x = await exchange((id) => beginQuorumEpochFromWire(req, rc.apiVersion, o.ctx, id), timeoutMs);
        const resp = responseOf(x, 'BeginQuorumEpochResponse');
        if (resp) return beginQuorumEpochToWire(resp, o.ctx);
        return quorumEpochErrorToWire(x.kind === 'refused' ? x : TIMED_OUT, o.ctx, o.raft.epoch);
      },
    }),
    defineHandler({
      request: EndQuorumEpochRequest,
      response: EndQuorumEpochResponse,
      ...RAFT_RPC_VERSIONS.endQuorumEpoch,
      handle: async (req, rc) => {
        const x = await exchange((id) => endQuorumEpochFromWire(req, rc.apiVersion, o.ctx, id), timeoutMs);
        const resp = responseOf(x, 'EndQuorumEpochResponse');
        if (resp) return endQuorumEpochToWire(resp, o.ctx);
        return quorumEpochErrorToWire(x.kind === 'refused' ? x : TIMED_OUT, o.ctx, o.raft.epoch);
      },
    }),
    defineHandler({
      request: FetchRequest,
      response: FetchResponse,
      ...RAFT_RPC_VERSIONS.fetch,
      handle: async (req, rc) => {
        const replica = rc.apiVersion >= 15 ? req.replicaState.replicaId : req.replicaId;
        const x = await exchange((id) => fetchFromWire(req, rc.apiVersion, o.ctx, id, o.tickMs), timeoutMs + Math.max(0, req.maxWaitMs), replica);
        const resp = responseOf(x, 'FetchResponse');
        if (resp) return fetchToWire(resp, rc.apiVersion, o.ctx);
        const e = x.kind === 'refused' ? x : { errorCode: ErrorCode.REQUEST_TIMED_OUT, partitionLevel: true };
        return fetchErrorToWire(e.errorCode, e.partitionLevel, rc.apiVersion, leader());
      },
    }),
    defineHandler({
      request: FetchSnapshotRequest,
      response: FetchSnapshotResponse,
      ...RAFT_RPC_VERSIONS.fetchSnapshot,
      handle: async (req) => {
        const x = await exchange((id) => fetchSnapshotFromWire(req, o.ctx, id), timeoutMs);
        const resp = responseOf(x, 'FetchSnapshotResponse');
        if (resp) return fetchSnapshotToWire(resp, o.ctx);
        return fetchSnapshotErrorToWire(x.kind === 'refused' ? x.errorCode : ErrorCode.REQUEST_TIMED_OUT);
      },
    }),
  ] as AnyHandler[];
}

import { isTransientNetError } from '@orderlab/kafka-net';
import {
  BeginQuorumEpochRequest,
  BeginQuorumEpochResponse,
  DecodeError,
  EndQuorumEpochRequest,
  EndQuorumEpochResponse,
  FetchRequest,
  FetchResponse,
  FetchSnapshotRequest,
  FetchSnapshotResponse,
  VoteRequest,
  VoteResponse,
} from '@orderlab/kafka-protocol';
import type { RaftRequest, RaftResponse } from '@orderlab/raft';
import type { Logger } from '@orderlab/shared';
import type { PeerHealth } from './peer-health';
import type { PeerRpc } from './peer-rpc';
import { RAFT_RPC_VERSIONS } from './raft-rpc-versions';
import { beginQuorumEpochRequestToWire, beginQuorumEpochResponseFromWire, endQuorumEpochRequestToWire, endQuorumEpochResponseFromWire } from './wire/quorum-epoch-wire';
import { fetchRequestToWire, fetchResponseFromWire } from './wire/fetch-wire';
import { fetchSnapshotRequestToWire, fetchSnapshotResponseFromWire } from './wire/fetch-snapshot-wire';
import { voteRequestToWire, voteResponseFromWire } from './wire/vote-wire';
import type { WireContext } from './wire/wire-context';

export interface RaftOutboundOptions {
  /** Vote, BeginQuorumEpoch, EndQuorumEpoch: never queued behind a parked fetch (a connection answers in order). */
  readonly control: PeerRpc;
  /** Fetch and FetchSnapshot, long-polled. */
  readonly replication: PeerRpc;
  readonly ctx: WireContext;
  readonly tickMs: number;
  readonly requestTimeoutMs: number;
  /** Steps a response into the core. */
  readonly deliver: (response: RaftResponse) => void;
  readonly health: PeerHealth;
  readonly logger: Logger;
}

/**
 * Sends the core's requests to the other voters over the Kafka wire and steps their answers
 * back in. A request that fails (peer down, timeout, refused) is dropped: the core resends after
 * its request timeout, and a follower without fetches starts an election — as in KRaft.
 */
export class RaftOutbound {
  constructor(private readonly o: RaftOutboundOptions) {}

  send(m: RaftRequest): void {
    this.call(m).then(
      (response) => {
        this.o.health.ok(m.to);
        if (response) this.o.deliver(response);
      },
      (e: unknown) => this.onFailure(m, e),
    );
  }

  private async call(m: RaftRequest): Promise<RaftResponse | undefined> {
    const { ctx, control, replication, requestTimeoutMs: timeout } = this.o;
    switch (m.type) {
      case 'VoteRequest': {
        // A pre-vote must never reach a voter that would read it as a real vote (Vote < v2).
        const r = await control.call(m.to, { request: VoteRequest, response: VoteResponse }, RAFT_RPC_VERSIONS.vote, (v) => (m.preVote && v < 2 ? undefined : voteRequestToWire(m, ctx)), timeout);
        return r && voteResponseFromWire(r.response, m);
      }
      case 'BeginQuorumEpochRequest': {
        const r = await control.call(m.to, { request: BeginQuorumEpochRequest, response: BeginQuorumEpochResponse }, RAFT_RPC_VERSIONS.beginQuorumEpoch, () => beginQuorumEpochRequestToWire(m, ctx), timeout);
        return r && beginQuorumEpochResponseFromWire(r.response, m);
      }
      case 'EndQuorumEpochRequest': {
        const r = await control.call(m.to, { request: EndQuorumEpochRequest, response: EndQuorumEpochResponse }, RAFT_RPC_VERSIONS.endQuorumEpoch, () => endQuorumEpochRequestToWire(m, ctx), timeout);
        return r && endQuorumEpochResponseFromWire(r.response, m);
      }
      case 'FetchRequest': {
        const wait = m.maxWaitTicks * this.o.tickMs;
        const r = await replication.call(m.to, { request: FetchRequest, response: FetchResponse }, RAFT_RPC_VERSIONS.fetch, (v) => fetchRequestToWire(m, v, ctx, this.o.tickMs), timeout + wait);
        return r && fetchResponseFromWire(r.response, m, ctx);
      }
      case 'FetchSnapshotRequest': {
        const r = await replication.call(m.to, { request: FetchSnapshotRequest, response: FetchSnapshotResponse }, RAFT_RPC_VERSIONS.fetchSnapshot, () => fetchSnapshotRequestToWire(m, ctx), timeout);
        return r && fetchSnapshotResponseFromWire(r.response, m);
      }
    }
  }

  private onFailure(m: RaftRequest, e: unknown): void {
    const why = e instanceof Error ? e.message : String(e);
    this.o.health.failed(m.to, why);
    if (e instanceof DecodeError) this.o.logger.warn({ to: m.to, type: m.type, err: why }, 'raft response did not decode; dropped');
    else if (isTransientNetError(e)) this.o.logger.debug({ to: m.to, type: m.type, err: why }, 'raft request failed');
    else this.o.logger.warn({ to: m.to, type: m.type, err: why }, 'raft request failed');
  }
}

import type { ReplicaProgress } from './tracker/replica-tracker';
import type { RaftRole } from './types';

export type { ReplicaProgress };

/** What DescribeQuorum and the controller's GET /quorum report (times in ticks; `tick` is now). */
export interface RaftStatus {
  readonly nodeId: number;
  readonly role: RaftRole;
  readonly epoch: number;
  /** -1 when unknown (and for a resigned leader, which has stopped leading). */
  readonly leaderId: number;
  readonly votedId: number;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly appliedOffset: number;
  readonly tick: number;
  /** Leader only (empty elsewhere): every voter, the leader itself included. */
  readonly voters: readonly ReplicaProgress[];
  /** Leader only: replicas that fetch but do not vote (brokers). */
  readonly observers: readonly ReplicaProgress[];
}

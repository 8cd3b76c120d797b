import type { RaftConfigInput } from '@orderlab/raft';
import type { ControllerConfig } from '../config/controller-config';

export type RaftTiming = Pick<
  Required<RaftConfigInput>,
  'electionTimeoutTicks' | 'fetchTimeoutTicks' | 'requestTimeoutTicks' | 'electionBackoffMaxTicks' | 'retryBackoffTicks' | 'fetchMaxWaitTicks'
>;

const ticks = (ms: number, tickMs: number): number => Math.max(1, Math.ceil(ms / tickMs));

/** The core counts ticks; the process is configured in milliseconds (Kafka's quorum.* names). */
export function raftTiming(c: ControllerConfig): RaftTiming {
  return {
    electionTimeoutTicks: ticks(c.electionTimeoutMs, c.raftTickMs),
    fetchTimeoutTicks: ticks(c.fetchTimeoutMs, c.raftTickMs),
    requestTimeoutTicks: ticks(c.requestTimeoutMs, c.raftTickMs),
    electionBackoffMaxTicks: ticks(c.electionBackoffMaxMs, c.raftTickMs),
    retryBackoffTicks: ticks(c.retryBackoffMs, c.raftTickMs),
    fetchMaxWaitTicks: ticks(c.fetchMaxWaitMs, c.raftTickMs),
  };
}

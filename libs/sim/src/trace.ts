import type { Logger } from '@orderlab/shared';
import type { RaftMessage } from '@orderlab/raft';

/** One line per message for --trace output. */
export function describeMessage(m: RaftMessage): string {
  const head = `${m.type} ${m.from}->${m.to} #${m.requestId}`;
  switch (m.type) {
    case 'VoteRequest':
      return `${head} ${m.preVote ? 'pre ' : ''}e${m.candidateEpoch} last=${m.lastOffsetEpoch}/${m.lastOffset}`;
    case 'VoteResponse':
      return `${head} err=${m.errorCode} granted=${m.voteGranted} e${m.leaderEpoch} leader=${m.leaderId}`;
    case 'FetchRequest':
      return `${head} e${m.currentLeaderEpoch} at=${m.fetchOffset}/${m.lastFetchedEpoch}`;
    case 'FetchResponse':
      return `${head} err=${m.errorCode} e${m.currentLeader.leaderEpoch} hw=${m.highWatermark} batches=${m.records.map((b) => `${b.baseOffset}@${b.epoch}`).join(',')}${m.divergingEpoch ? ` diverging=${m.divergingEpoch.epoch}/${m.divergingEpoch.endOffset}` : ''}${m.snapshotId ? ` snapshot=${m.snapshotId.endOffset}/${m.snapshotId.epoch}` : ''}`;
    case 'FetchSnapshotRequest':
      return `${head} ${m.snapshotId.endOffset}/${m.snapshotId.epoch} pos=${m.position}`;
    case 'FetchSnapshotResponse':
      return `${head} err=${m.errorCode} pos=${m.position} size=${m.size}`;
    default:
      return `${head} err=${'errorCode' in m ? m.errorCode : '-'} e${m.leaderEpoch} leader=${m.leaderId}`;
  }
}

export function traceLogger(print: (line: string) => void): Logger {
  const line = (level: string) => (obj: Record<string, unknown>, msg: string) => print(`[${level}] ${msg} ${JSON.stringify(obj)}`);
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

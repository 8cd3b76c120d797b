import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, encodeRecordBatch, readBatchHeader } from '@orderlab/kafka-protocol';
import { DEFAULT_LOG_CONFIG, MemoryLogStore } from '@orderlab/log-store';
import { ManualClock, silentLogger } from '@orderlab/shared';
import { fetchHandler } from '../../src/handlers/fetch';
import type { HandlerDeps } from '../../src/handlers/handler-deps';
import { Partition } from '../../src/partitions/partition';

const ctx = { apiVersion: 12, correlationId: 1, clientId: 'test', clientHost: '127.0.0.1', connectionId: 1 };
type Entry = { errorCode: number; highWatermark: number; records: Buffer; divergingEpoch?: { epoch: number; endOffset: number } };

/** Leader 1 of [1,2,3] in epoch 2; epoch 0 wrote offsets 0-1, epoch 2 offsets 2-3. */
function leader(): { p: Partition; deps: HandlerDeps; fetched: Array<[number, number]> } {
  const store = new MemoryLogStore({ clock: new ManualClock(0) });
  const p = new Partition('t', 0, store.open('t', 0, DEFAULT_LOG_CONFIG), 1, { leader: 1, leaderEpoch: 0, partitionEpoch: 0, replicas: [1, 2, 3], isr: [1] });
  const put = () => {
    const b = encodeRecordBatch({ records: [{ value: 'x' }, { value: 'y' }] });
    p.appendBatch(b, readBatchHeader(b));
  };
  put();
  p.updateState({ leader: 1, leaderEpoch: 2, partitionEpoch: 1, replicas: [1, 2, 3], isr: [1] });
  put();
  const fetched: Array<[number, number]> = [];
  const deps = {
    clock: { now: () => Date.now() },
    logger: silentLogger,
    replicas: { lookup: () => ({ partition: p }) },
    isr: { followerFetched: (_p: Partition, id: number) => fetched.push([id, p.followerProgress(id)?.logEndOffset ?? -1]) },
  } as unknown as HandlerDeps;
  return { p, deps, fetched };
}

async function fetch(deps: HandlerDeps, part: { fetchOffset: number; currentLeaderEpoch: number; lastFetchedEpoch: number }, replicaId = 2): Promise<Entry> {
  const req = { replicaId, maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, topics: [{ topic: 't', partitions: [{ partition: 0, logStartOffset: -1, partitionMaxBytes: 1 << 20, ...part }] }], forgottenTopicsData: [], rackId: '' };
  const res = (await fetchHandler(deps).handle(req as never, ctx)) as unknown as { responses: Array<{ partitions: Entry[] }> };
  return res.responses[0]!.partitions[0]!;
}

test('a follower reads to the log end (past the high watermark) and its fetch offset is recorded as its log end', async () => {
  const { deps, fetched } = leader();
  const e = await fetch(deps, { fetchOffset: 2, currentLeaderEpoch: 2, lastFetchedEpoch: 0 });
  assert.equal(e.errorCode, 0);
  assert.ok(e.records.length > 0, 'records beyond what a consumer may see');
  assert.deepEqual(fetched, [[2, 2]]);
  const consumer = await fetch(deps, { fetchOffset: 4, currentLeaderEpoch: -1, lastFetchedEpoch: -1 }, -1);
  assert.deepEqual([consumer.errorCode, consumer.records.length], [0, 0]);
  assert.equal(fetched.length, 1, 'a consumer is not a follower');
});

test('an older currentLeaderEpoch gets FENCED_LEADER_EPOCH, a newer one UNKNOWN_LEADER_EPOCH', async () => {
  const { deps, fetched } = leader();
  assert.equal((await fetch(deps, { fetchOffset: 0, currentLeaderEpoch: 1, lastFetchedEpoch: -1 })).errorCode, ErrorCode.FENCED_LEADER_EPOCH);
  assert.equal((await fetch(deps, { fetchOffset: 0, currentLeaderEpoch: 3, lastFetchedEpoch: -1 })).errorCode, ErrorCode.UNKNOWN_LEADER_EPOCH);
  assert.equal(fetched.length, 0, 'a fenced fetch counts for nothing');
});

test('a follower that last fetched an epoch this leader never had gets DivergingEpoch and no records', async () => {
  const { deps, fetched } = leader();
  const e = await fetch(deps, { fetchOffset: 3, currentLeaderEpoch: 2, lastFetchedEpoch: 1 });
  assert.deepEqual([e.errorCode, e.records.length, e.divergingEpoch], [0, 0, { epoch: 0, endOffset: 2 }]);
  assert.equal(fetched.length, 0, 'its fetch offset is not its log end yet: not recorded');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeRecordBatch, readBatchHeader } from '@orderlab/kafka-protocol';
import { DEFAULT_LOG_CONFIG, MemoryLogStore } from '@orderlab/log-store';
import { ManualClock } from '@orderlab/shared';
import { listOffsetsHandler } from '../../src/handlers/list-offsets';
import type { HandlerDeps } from '../../src/handlers/handler-deps';
import { Partition } from '../../src/partitions/partition';

const ctx = { apiVersion: 5, correlationId: 1, clientId: 'test', clientHost: '127.0.0.1', connectionId: 1 };

function append(p: Partition, timestamp: number): void {
  const bytes = encodeRecordBatch({ records: [{ value: 'v', timestamp }] });
  assert.equal(p.appendBatch(bytes, readBatchHeader(bytes)).errorCode, 0);
}

test('ListOffsets answers the leader epoch of the matched batch (KIP-320), not the current one', async () => {
  const p = new Partition('t', 0, new MemoryLogStore({ clock: new ManualClock(0) }).open('t', 0, DEFAULT_LOG_CONFIG), 1, { leader: 1, leaderEpoch: 3, partitionEpoch: 0, replicas: [1], isr: [1] });
  append(p, 100); // offset 0, written in epoch 3
  p.updateState({ leader: 1, leaderEpoch: 5, partitionEpoch: 1, replicas: [1], isr: [1] });
  append(p, 200); // offset 1, epoch 5
  const deps = { replicas: { lookup: () => ({ partition: p }) } } as unknown as HandlerDeps;
  const ask = async (timestamp: number) => {
    const res = (await listOffsetsHandler(deps).handle(
      { replicaId: -1, isolationLevel: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 }] }] },
      ctx,
    )) as { topics: Array<{ partitions: Array<{ offset: number; leaderEpoch: number }> }> };
    const found = res.topics[0]?.partitions[0];
    return { offset: found?.offset, leaderEpoch: found?.leaderEpoch };
  };
  assert.deepEqual(await ask(100), { offset: 0, leaderEpoch: 3 }, 'by timestamp: the batch written in epoch 3');
  assert.deepEqual(await ask(150), { offset: 1, leaderEpoch: 5 });
  assert.deepEqual(await ask(-2), { offset: 0, leaderEpoch: 3 }, 'earliest: the epoch that wrote the log start');
  assert.deepEqual(await ask(-1), { offset: 2, leaderEpoch: 5 }, 'latest: the current epoch');
});

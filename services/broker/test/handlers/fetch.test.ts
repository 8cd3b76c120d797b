import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { encodeRecordBatch, readBatchHeader } from '@orderlab/kafka-protocol';
import { DEFAULT_LOG_CONFIG, MemoryLogStore } from '@orderlab/log-store';
import { ManualClock, silentLogger } from '@orderlab/shared';
import { fetchHandler } from '../../src/handlers/fetch';
import type { HandlerDeps } from '../../src/handlers/handler-deps';
import { Partition } from '../../src/partitions/partition';

const ctx = { apiVersion: 11, correlationId: 1, clientId: 'test', clientHost: '127.0.0.1', connectionId: 1 };

function append(p: Partition, valueBytes: number): void {
  const bytes = encodeRecordBatch({ records: [{ value: Buffer.alloc(valueBytes, 97) }] });
  assert.equal(p.appendBatch(bytes, readBatchHeader(bytes)).errorCode, 0);
}

test('a waiting fetch re-counts only the partition that changed, and reads once when it has enough', async () => {
  const store = new MemoryLogStore({ clock: new ManualClock(0) });
  const parts = Array.from({ length: 20 }, (_, i) => new Partition('t', i, store.open('t', i, DEFAULT_LOG_CONFIG), 1, { leader: 1, leaderEpoch: 0, partitionEpoch: 0, replicas: [1], isr: [1] }));
  for (const p of parts) append(p, 10);
  let lookups = 0;
  const deps = {
    clock: { now: () => Date.now() },
    logger: silentLogger,
    replicas: {
      lookup: (_topic: string, i: number) => {
        lookups++;
        return { partition: parts[i] as Partition };
      },
    },
  } as unknown as HandlerDeps;
  const request = {
    replicaId: -1,
    maxWaitMs: 5000,
    minBytes: 10_000,
    maxBytes: 50 * 1024 * 1024,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [{ topic: 't', partitions: parts.map((p) => ({ partition: p.index, fetchOffset: 1, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1, logStartOffset: -1 })) }],
    forgottenTopicsData: [],
    rackId: '',
  };
  const answered = fetchHandler(deps).handle(request as never, ctx) as Promise<{ responses: Array<{ partitions: Array<{ partitionIndex: number; records: Buffer }> }> }>;
  await tick();
  const afterFirstRead = lookups;
  for (let i = 0; i < 5; i++) {
    append(parts[3] as Partition, 100); // each wakes the fetch; 5 x ~170 bytes is far below min bytes
    await tick();
  }
  assert.equal(lookups, afterFirstRead, 'small appends re-read nothing');
  append(parts[7] as Partition, 12_000);
  const res = await answered;
  assert.equal(lookups, 2 * parts.length, 'two passes over the partitions: the first read and the final one');
  const sizes = new Map(res.responses[0]?.partitions.map((p) => [p.partitionIndex, p.records.length]));
  assert.ok((sizes.get(3) ?? 0) > 5 * 100 && (sizes.get(7) ?? 0) > 12_000, JSON.stringify([...sizes]));
  assert.equal(sizes.get(0), 0);
});

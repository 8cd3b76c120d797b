import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CreateTopicsRequest, CreateTopicsResponse, ProduceRequest, ProduceResponse, decodeResponse, encodeRecordBatch, encodeRequest } from '@orderlab/kafka-protocol';
import { BrokerProcess, RawKafkaClient } from '@orderlab/e2e';

/**
 * npm run bench:roll-latency — produce latency while segments roll. A real broker with
 * 8 MiB segments takes an open-loop stream of 16 KiB batches (acks=1) at a fixed rate, so a
 * segment rolls about twice a second; latency is measured from each request's scheduled send
 * time (no coordinated omission). Whatever the roll does on the request path (an fsync of
 * the closed segment) shows up in the tail.
 */
const SEGMENT_BYTES = 8 * 1024 * 1024;
const REQUESTS_PER_SECOND = 1000;
const SECONDS = 15;
const TOPIC = 'roll';

function frame(correlationId: number, batch: Buffer): Buffer {
  const f = encodeRequest(ProduceRequest, 7, correlationId, 'bench', {
    transactionalId: null,
    acks: 1,
    timeoutMs: 30_000,
    topicData: [{ name: TOPIC, partitionData: [{ index: 0, records: batch }] }],
  });
  return f;
}

async function createTopic(port: number): Promise<void> {
  const client = await RawKafkaClient.connect(port);
  const res = await client.send(CreateTopicsRequest, CreateTopicsResponse, 4, {
    topics: [{ name: TOPIC, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [{ name: 'segment.bytes', value: String(SEGMENT_BYTES) }] }],
    timeoutMs: 10_000,
    validateOnly: false,
  });
  client.close();
  const code = res.topics[0]?.errorCode;
  if (code !== 0) throw new Error(`CreateTopics failed with ${code}`);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function main(): Promise<void> {
  const broker = await new BrokerProcess({ args: ['--log-level', 'warn'] }).start();
  try {
    await createTopic(broker.port);
    const client = await RawKafkaClient.connect(broker.port);
    const batch = encodeRecordBatch({ records: Array.from({ length: 150 }, (_, i) => ({ value: Buffer.alloc(100, 97 + (i % 26)) })), baseTimestamp: Date.now() });
    const template = frame(0, batch);
    const latencies: number[] = [];
    const total = REQUESTS_PER_SECOND * SECONDS;
    const start = performance.now();
    const pending: Array<Promise<void>> = [];
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / REQUESTS_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const f = Buffer.from(template);
      f.writeInt32BE(i + 1, 8);
      pending.push(
        client.sendRaw(f, i + 1).then((res) => {
          const code = decodeResponse(ProduceResponse, 7, res).body.responses[0]?.partitionResponses[0]?.errorCode;
          if (code !== 0) throw new Error(`produce failed with ${code}`);
          latencies.push(performance.now() - due);
        }),
      );
    }
    await Promise.all(pending);
    client.close();
    const segments = readdirSync(join(broker.dataDir, 'logs', `${TOPIC}-0`)).filter((n) => n.endsWith('.log')).length;
    const sorted = [...latencies].sort((a, b) => a - b);
    const mb = (batch.length * total) / 1e6;
    console.log(`produce while segments roll: ${total} requests of ${batch.length} B at ${REQUESTS_PER_SECOND}/s (${mb.toFixed(0)} MB, ${segments} segments of ${SEGMENT_BYTES / 1024 / 1024} MiB)`);
    console.log(`  latency ms: p50 ${percentile(sorted, 50).toFixed(2)}, p99 ${percentile(sorted, 99).toFixed(2)}, p99.9 ${percentile(sorted, 99.9).toFixed(2)}, max ${(sorted[sorted.length - 1] as number).toFixed(2)}`);
  } finally {
    await broker.dispose();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

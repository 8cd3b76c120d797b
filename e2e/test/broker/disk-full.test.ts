import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTopicsRequest, CreateTopicsResponse, MetadataRequest, MetadataResponse, ProduceRequest, ProduceResponse, encodeRecordBatch } from '@orderlab/kafka-protocol';
import { Partitioners, type Producer } from 'kafkajs';
import { BrokerProcess, RawKafkaClient, kafkaClient, kafkaErrorTypes, readPartition, waitFor } from '../../src';

/**
 * The broker on a real full disk: a 6 MiB tmpfs as its data dir. kafkajs produces until the
 * disk is full; the broker answers KAFKA_STORAGE_ERROR (and stays up, /health ok), is
 * SIGKILLed, restarts on the same full disk, and every acknowledged record is there exactly
 * once. Then the disk grows (remount) and producing works again. Last, a segment file made
 * append-only (chattr +a) cannot be cut back after a short write: that partition goes
 * offline, visibly, and recovers at restart. Needs root for mount; skipped otherwise.
 */
const PARTITIONS = 2;
const started = Date.now();

function tryMount(dir: string, size: string): string | null {
  if (process.getuid?.() !== 0) return 'not running as root (mount -t tmpfs needs it)';
  const res = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  return res.status === 0 ? null : `mount -t tmpfs failed: ${res.stderr.trim() || res.error?.message}`;
}

const mountPoint = mkdtempSync(join(tmpdir(), 'broker-full-disk-'));
const skipReason = tryMount(mountPoint, '6m');
if (skipReason) console.log(`# skipping the full-disk test: ${skipReason}`);

describe('a full disk', { skip: skipReason ?? false }, () => {
  let broker: BrokerProcess;
  let producer: Producer;

  before(async () => {
    broker = await new BrokerProcess({ dataDir: join(mountPoint, 'data'), args: ['--log-segment-bytes', String(1024 * 1024)] }).start();
    const kafka = kafkaClient(broker.bootstrap, { retry: { retries: 2, initialRetryTime: 50, maxRetryTime: 200 } });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'full', numPartitions: PARTITIONS }], waitForLeaders: true });
    await admin.disconnect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  after(async () => {
    await producer?.disconnect().catch(() => undefined);
    await broker?.kill('SIGKILL');
    spawnSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
    console.log(`# full-disk test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('produce until the disk is full: KAFKA_STORAGE_ERROR, no acknowledged record lost or doubled across a SIGKILL and restart on the full disk', async () => {
    const acked: string[] = [];
    const errorTypes = new Set<string>();
    let failures = 0;
    for (let n = 0; failures < 3 && n < 10_000; n++) {
      const ids = Array.from({ length: 40 }, (_, i) => `id-${n}-${i}`);
      try {
        await producer.send({ topic: 'full', acks: -1, messages: ids.map((id) => ({ key: id, value: `${id}:${'x'.repeat(400)}` })) });
        acked.push(...ids);
      } catch (e) {
        failures++;
        for (const t of kafkaErrorTypes(e)) errorTypes.add(t);
      }
    }
    assert.ok(acked.length > 1000, `some records were acknowledged before the disk filled (${acked.length})`);
    assert.ok(errorTypes.has('KAFKA_STORAGE_ERROR'), `the broker answered KAFKA_STORAGE_ERROR (saw ${[...errorTypes].join(', ')})`);
    assert.ok(broker.alive, 'the broker is still up');
    assert.match(broker.logs, /log write failed and was undone/);
    assert.equal((await health(broker)).status, 200, 'a full disk leaves every partition online: /health stays ok');

    await broker.kill('SIGKILL');
    await broker.start(); // on the same, still full, disk
    const client = await RawKafkaClient.connect(broker.port);
    const stored = new Map<string, number>();
    for (let p = 0; p < PARTITIONS; p++) {
      for (const r of await readPartition(client, 'full', p)) {
        const id = String(r.value).split(':')[0] as string;
        stored.set(id, (stored.get(id) ?? 0) + 1);
      }
    }
    client.close();
    const missing = acked.filter((id) => !stored.has(id));
    const doubled = [...stored].filter(([, count]) => count > 1);
    assert.deepEqual({ missing: missing.length, doubled: doubled.length }, { missing: 0, doubled: 0 }, `of ${acked.length} acknowledged ids`);
  });

  test('once the disk has room again, producing works without a restart', async () => {
    const res = spawnSync('mount', ['-o', 'remount,size=10m', mountPoint], { encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    const kafka = kafkaClient(broker.bootstrap);
    const p = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await p.connect();
    const [meta] = await p.send({ topic: 'full', acks: -1, messages: [{ key: 'after', value: 'room again' }] });
    assert.equal(meta?.errorCode, 0);
    await p.disconnect();
  });

  test('a short write that cannot be cut back takes the partition offline: KAFKA_STORAGE_ERROR, offlineReplicas, /health 503; a restart recovers it', async () => {
    const client = await RawKafkaClient.connect(broker.port);
    const created = await client.send(CreateTopicsRequest, CreateTopicsResponse, 4, {
      topics: [{ name: 'stuck', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [{ name: 'segment.bytes', value: String(1 << 30) }] }],
      timeoutMs: 5000,
      validateOnly: false,
    });
    assert.equal(created.topics[0]?.errorCode, 0);
    const produce = async (n: number): Promise<number> => {
      const records = encodeRecordBatch({ records: Array.from({ length: 20 }, (_, i) => ({ value: `${n}-${i}:${'y'.repeat(700)}` })) });
      const res = await client.send(ProduceRequest, ProduceResponse, 7, { transactionalId: null, acks: 1, timeoutMs: 5000, topicData: [{ name: 'stuck', partitionData: [{ index: 0, records }] }] });
      return res.responses[0]?.partitionResponses[0]?.errorCode ?? -1;
    };
    assert.equal(await produce(0), 0);
    const segment = join(broker.dataDir, 'logs', 'stuck-0', '00000000000000000000.log');
    assert.equal(spawnSync('chattr', ['+a', segment]).status, 0, 'chattr +a');
    try {
      let code = 0;
      for (let n = 1; code === 0 && n < 5000; n++) code = await produce(n); // fill the disk: the last write is short
      assert.equal(code, 56, 'KAFKA_STORAGE_ERROR');
      await waitFor(async () => (await health(broker)).status === 503, { timeoutMs: 5000, description: '/health to report the offline partition' });
      const h = await health(broker);
      assert.equal(h.body.status, 'degraded');
      assert.deepEqual(h.body.offlinePartitions.map((o) => `${o.topic}-${o.partition}`), ['stuck-0']);
      assert.match(h.body.offlinePartitions[0]?.reason ?? '', /EPERM|not permitted/i);
      assert.match(broker.logs, /partition stuck-0 is offline/);
      assert.equal(await produce(9999), 56, 'still offline');
      const meta = await client.send(MetadataRequest, MetadataResponse, 8, { topics: [{ name: 'stuck' }], allowAutoTopicCreation: false });
      assert.deepEqual(meta.topics[0]?.partitions[0]?.offlineReplicas, [1]);
    } finally {
      client.close();
      spawnSync('chattr', ['-a', segment]);
    }
    await broker.kill('SIGKILL');
    await broker.start();
    const again = await RawKafkaClient.connect(broker.port);
    const records = await readPartition(again, 'stuck', 0);
    again.close();
    assert.ok(records.length >= 20 && records.length % 20 === 0, `recovery kept whole batches (${records.length} records)`);
    assert.equal((await health(broker)).status, 200, 'online again after recovery');
  });
});

async function health(broker: BrokerProcess): Promise<{ status: number; body: { status: string; offlinePartitions: Array<{ topic: string; partition: number; reason: string }> } }> {
  const res = await fetch(`http://127.0.0.1:${broker.adminPort}/health`);
  return { status: res.status, body: (await res.json()) as never };
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Partitioners, type Producer } from 'kafkajs';
import { BrokerProcess, RawKafkaClient, kafkaClient, kafkaErrorTypes, readPartition } from '../../src';

/**
 * The broker on a real full disk: a 6 MiB tmpfs as its data dir. kafkajs produces until the
 * disk is full; the broker answers KAFKA_STORAGE_ERROR (and stays up), is SIGKILLed, restarts
 * on the same full disk, and every acknowledged record is there exactly once. Then the disk
 * grows (remount) and producing works again. Needs root for mount; skipped otherwise.
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
    const res = spawnSync('mount', ['-o', 'remount,size=24m', mountPoint], { encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    const kafka = kafkaClient(broker.bootstrap);
    const p = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await p.connect();
    const [meta] = await p.send({ topic: 'full', acks: -1, messages: [{ key: 'after', value: 'room again' }] });
    assert.equal(meta?.errorCode, 0);
    await p.disconnect();
  });
});

#!/usr/bin/env node
// npm run bench:replication — the replication figures on 3 controllers + 3 brokers (real
// processes, demo timeouts), each next to its peer in the same run:
//  (1) pre-encoded ingest at rf 3 acks=all vs rf 1 acks=1 (target ≥ 1 M records/s at rf 3);
//  (2) acks=all vs acks=1 produce latency p50/p99 at 20,000 records/s open loop, rf 3 (target p99 ≤ 10 ms);
//  (3) SIGKILL of a partition leader → first successful acks=all write on the new leader, 10 trials,
//      median and max (target < 3 s);
//  (4) controlled shutdown (SIGTERM) of a leader vs SIGKILL → errors seen by a producer without retries.
// BENCH_SECONDS (default 6) and BENCH_TRIALS (default 10) shorten a run; BENCH_IN_FLIGHT (default 2) sets the ingest
// requests in flight per partition; BENCH_ONLY=ingest|latency|failover|shutdown
// (comma-separated) runs only those figures, each still next to its peer. BENCH_PROFILE_DIR=<dir> runs
// the brokers under `node --cpu-prof` (a .cpuprofile per broker there, written when the cluster stops);
// BENCH_BROKER_NODE_ARGS adds node flags to the brokers (e.g. --trace-gc).
import { ErrorCode, ProduceRequest, ProduceResponse, encodeRecordBatch } from '@orderlab/kafka-protocol';
import { ClusterProcess, RawKafkaClient, type BrokerPlacement, RecordingProducer, createFailoverTopic, partitionsIn, waitFor, waitForPartitions } from '@orderlab/e2e';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeCpu, freshFileWriteGBps, ingest, openLoopLatency } from './replication-load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const TRIALS = Number(process.env.BENCH_TRIALS ?? 10);
const RATE = 20_000;
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 2);
const QUIET = ['--log-level', 'warn'];
const FIGURES = ['ingest', 'latency', 'failover', 'shutdown'] as const;
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
for (const f of ONLY) if (!(FIGURES as readonly string[]).includes(f)) throw new Error(`BENCH_ONLY: unknown figure ${f} (one of ${FIGURES.join(', ')})`);
const runs = (f: (typeof FIGURES)[number]): boolean => ONLY.length === 0 || ONLY.includes(f);

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** One acks=all write to whichever broker the controller names leader; the error code (or -1 on a connection failure). */
async function writeToLeader(cluster: ClusterProcess, topic: string, excluded: number): Promise<{ code: number; leader: number }> {
  const leader = partitionsIn(await cluster.metadata(), topic)[0]?.leader ?? -1;
  if (leader < 0 || leader === excluded) return { code: ErrorCode.LEADER_NOT_AVAILABLE, leader };
  const b = cluster.broker(leader);
  const client = await RawKafkaClient.connect(b.port, b.host);
  try {
    const records = encodeRecordBatch({ records: [{ value: 'failover-probe' }] });
    const res = await client.send(ProduceRequest, ProduceResponse, 7, { transactionalId: null, acks: -1, timeoutMs: 1000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] });
    return { code: res.responses[0]?.partitionResponses[0]?.errorCode ?? -1, leader };
  } finally {
    client.close();
  }
}

async function failoverTrials(cluster: ClusterProcess): Promise<number[]> {
  const topic = 'bench-failover';
  await createFailoverTopic(cluster, topic, { partitions: 1 });
  const times: number[] = [];
  for (let t = 0; t < TRIALS; t++) {
    const old = partitionsIn(await cluster.metadata(), topic)[0]!.leader;
    const killedAt = Date.now();
    await cluster.broker(old).kill('SIGKILL');
    // What each probe met, as "ms:leader:code" on a change, to say where a slow trial spent its time.
    const seen: string[] = [];
    let last = '';
    const ms = await waitFor(
      async () => {
        const r = await writeToLeader(cluster, topic, old).catch(() => ({ code: -1, leader: -1 }));
        if (`${r.leader}:${r.code}` !== last) seen.push(`${Date.now() - killedAt}:${(last = `${r.leader}:${r.code}`)}`);
        return r.code === ErrorCode.NONE ? Date.now() - killedAt : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 20, description: 'the first acks=all write on the new leader' },
    );
    times.push(ms);
    console.log(`  trial ${t + 1}: leader ${old} SIGKILLed → first acks=all write on the new leader after ${ms} ms${ms > 3000 ? ` (probes, ms:leader:error code: ${seen.join(' ')})` : ''}`);
    await cluster.broker(old).start();
    await waitForPartitions(cluster, topic, (ps) => ps[0]!.isr.length === 3, `broker ${old} back in the ISR`, 30_000);
  }
  return times;
}

/** A leader stopped with `signal` under a producer without retries: every error it sees is counted. */
async function shutdownErrors(cluster: ClusterProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<{ errors: number; acknowledged: number; kinds: string[] }> {
  const topic = `bench-shutdown-${signal.toLowerCase()}`;
  await createFailoverTopic(cluster, topic, { partitions: 3 });
  const producer = await new RecordingProducer({ kafka: cluster.kafka({ retry: { retries: 0 } }), topic, partitions: 3, acks: -1, idempotent: false, retries: 0, ratePerSec: 300, timeoutMs: 2000 }).start();
  try {
    await producer.progress(150, 15_000);
    const leader = partitionsIn(await cluster.metadata(), topic)[0]!.leader;
    await cluster.broker(leader).kill(signal);
    await waitForPartitions(cluster, topic, (ps) => ps.every((p) => p.leader >= 0 && p.leader !== leader), `leaders off broker ${leader}`, 30_000);
    await producer.progress(300, 30_000);
    await cluster.broker(leader).start();
    await waitForPartitions(cluster, topic, (ps) => ps.every((p) => p.isr.length === 3), `broker ${leader} back in every ISR`, 30_000);
  } finally {
    await producer.stop();
  }
  return { errors: producer.failed.length, acknowledged: producer.acknowledged, kinds: [...new Set(producer.failed.map((s) => (s.outcome.ok ? '' : s.outcome.error)))] };
}

/**
 * Brokers run under extra node flags (BENCH_BROKER_NODE_ARGS, and --cpu-prof for BENCH_PROFILE_DIR)
 * through a wrapper script: the placement prefix goes before node, not after it.
 */
function brokerPlacement(): ((nodeId: number) => BrokerPlacement) | undefined {
  const dir = process.env.BENCH_PROFILE_DIR || undefined;
  const flags = [...(process.env.BENCH_BROKER_NODE_ARGS ?? '').split(' ').filter(Boolean), ...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [])];
  if (flags.length === 0) return undefined;
  const wrapperDir = dir ?? mkdtempSync(join(tmpdir(), 'bench-node-'));
  mkdirSync(wrapperDir, { recursive: true });
  const wrapper = join(wrapperDir, 'broker-node.sh');
  writeFileSync(wrapper, `#!/bin/sh\nnode="$1"; shift\nexec "$node" ${flags.map((f) => `'${f}'`).join(' ')} "$@"\n`, { mode: 0o755 });
  brokerOutputDir = wrapperDir;
  return () => ({ commandPrefix: [wrapper] });
}
/** Where the brokers' output is saved at the end when they ran under extra flags (their traces). */
let brokerOutputDir: string | null = null;

async function main(): Promise<void> {
  console.log(`bench:replication — 3 controllers + 3 brokers as processes on ${(await import('node:os')).cpus().length} cores`);
  // Before the cluster exists, so no writeback of its data competes.
  const freshWrite = freshFileWriteGBps(256);
  const cluster = await ClusterProcess.start({ controllers: 3, brokers: 3, controllerArgs: QUIET, brokerArgs: QUIET, brokerPlacement: brokerPlacement() });
  try {
    await createFailoverTopic(cluster, 'bench-rf3', { partitions: 6 });
    await createFailoverTopic(cluster, 'bench-rf1', { partitions: 6, replicationFactor: 1, minIsr: 1 });

    if (runs('ingest')) {
      const rf1 = await ingest(cluster, 'bench-rf1', 6, 1, SECONDS, IN_FLIGHT);
      const rf3 = await ingest(cluster, 'bench-rf3', 6, -1, SECONDS, IN_FLIGHT);
      console.log(`\n(1) pre-encoded ingest, 6 partitions, batches of 1,000 × 100 B, ${SECONDS} s each`);
      console.log(`  page-cache floor: a fresh file written at ${freshWrite.toFixed(1)} GB/s before the cluster started (on this VM ~1 GB/s when its free memory is cold, ~4 when warm; every figure that writes moves with it)`);
      console.log(`  rf 1, acks=1  : ${fmt(rf1.recordsPerSec)} records/s; ${describeCpu(rf1.cpu, rf1.records)}`);
      console.log(`  rf 3, acks=all: ${fmt(rf3.recordsPerSec)} records/s (target ≥ 1,000,000) — ${(rf3.recordsPerSec / rf1.recordsPerSec).toFixed(2)}× rf 1; ${describeCpu(rf3.cpu, rf3.records)}`);
      console.log(`  machine load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    }

    if (runs('latency')) {
      const ping = await openLoopLatency(cluster, 'bench-rf3', 6, 'ping', RATE, SECONDS);
      const one = await openLoopLatency(cluster, 'bench-rf3', 6, 1, RATE, SECONDS);
      const all = await openLoopLatency(cluster, 'bench-rf3', 6, -1, RATE, SECONDS);
      console.log(`\n(2) produce latency at ${fmt(RATE)} records/s open loop, rf 3 (one request every 5 ms, from its scheduled time)`);
      console.log(`  floor (ApiVersions, same schedule): p50 ${ping.p50.toFixed(2)} ms, p99 ${ping.p99.toFixed(2)} ms, max ${ping.max.toFixed(1)} ms; ${describeCpu(ping.cpu, 0)}`);
      console.log(`  acks=1  : p50 ${one.p50.toFixed(2)} ms, p99 ${one.p99.toFixed(2)} ms, max ${one.max.toFixed(1)} ms (${fmt(one.achievedPerSec)} records/s); ${describeCpu(one.cpu, 0)}`);
      console.log(`  acks=all: p50 ${all.p50.toFixed(2)} ms, p99 ${all.p99.toFixed(2)} ms, max ${all.max.toFixed(1)} ms (${fmt(all.achievedPerSec)} records/s; target p99 ≤ 10 ms) — p99 ${(all.p99 / one.p99).toFixed(2)}× acks=1; ${describeCpu(all.cpu, 0)}`);
      console.log(`  machine load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    }

    if (runs('failover')) {
      console.log(`\n(3) SIGKILL of the partition leader → first successful acks=all write on the new leader, ${TRIALS} trials`);
      const times = await failoverTrials(cluster);
      console.log(`  median ${median(times)} ms, max ${Math.max(...times)} ms (target < 3,000 ms)`);
    }

    if (runs('shutdown')) {
      console.log('\n(4) a leader stopped under an acks=all producer without retries (300 records/s, 3 partitions)');
      const term = await shutdownErrors(cluster, 'SIGTERM');
      const kill = await shutdownErrors(cluster, 'SIGKILL');
      console.log(`  SIGTERM (controlled shutdown): ${term.errors} errors of ${term.errors + term.acknowledged} sends ${JSON.stringify(term.kinds)}`);
      console.log(`  SIGKILL (peer)               : ${kill.errors} errors of ${kill.errors + kill.acknowledged} sends ${JSON.stringify(kill.kinds)}`);
    }
  } finally {
    // A profile is written only on a clean exit (cluster.stop SIGKILLs).
    if (process.env.BENCH_PROFILE_DIR) await Promise.all(cluster.brokers.map((b) => b.kill('SIGTERM')));
    if (brokerOutputDir) for (const b of cluster.brokers) writeFileSync(join(brokerOutputDir, `broker-${b.nodeId}.log`), b.logs);
    await cluster.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

import { ApiVersionsRequest, ProduceRequest, ProduceResponse, decodeResponse, encodeRecordBatch, encodeRequest } from '@orderlab/kafka-protocol';
import { RawKafkaClient, partitionsIn, type ClusterProcess } from '@orderlab/e2e';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** CPU seconds a process has used, in user space and in the kernel, from /proc (Linux; 0 elsewhere or once it is gone). */
function processCpuSeconds(pid: number | undefined): { user: number; system: number } {
  if (pid === undefined) return { user: 0, system: 0 };
  try {
    // Fields after the parenthesised command name: state is the 1st, utime the 12th, stime the 13th (clock ticks, 100 Hz on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
  } catch {
    return { user: 0, system: 0 };
  }
}

function brokersCpu(pids: ReadonlyArray<number | undefined>): { user: number; system: number } {
  return pids.reduce<{ user: number; system: number }>((a, pid) => {
    const c = processCpuSeconds(pid);
    return { user: a.user + c.user, system: a.system + c.system };
  }, { user: 0, system: 0 });
}

/** Where the CPU went during a figure: the brokers' and this client's, so a loaded machine or a client-bound figure shows. */
export interface CpuSpent {
  readonly brokerSeconds: number;
  /** Of brokerSeconds, what the kernel spent for them (socket and page-cache copies, mostly). */
  readonly brokerKernelSeconds: number;
  readonly clientSeconds: number;
  readonly wallSeconds: number;
}

export function cpuMeter(cluster: ClusterProcess): () => CpuSpent {
  const pids = cluster.brokers.map((b) => b.pid);
  const brokers0 = brokersCpu(pids);
  const client0 = process.cpuUsage();
  const wall0 = performance.now();
  return () => {
    const c = process.cpuUsage(client0);
    const now = brokersCpu(pids);
    return { brokerSeconds: now.user + now.system - brokers0.user - brokers0.system, brokerKernelSeconds: now.system - brokers0.system, clientSeconds: (c.user + c.system) / 1e6, wallSeconds: (performance.now() - wall0) / 1000 };
  };
}

/** "brokers 1.62 cores (2.1 µs CPU/record, 48% in the kernel), client 0.31 cores". */
export function describeCpu(cpu: CpuSpent, records: number): string {
  const perRecord = records > 0 ? ((cpu.brokerSeconds / records) * 1e6).toFixed(2) : '-';
  const kernel = cpu.brokerSeconds > 0 ? Math.round((100 * cpu.brokerKernelSeconds) / cpu.brokerSeconds) : 0;
  return `brokers ${(cpu.brokerSeconds / cpu.wallSeconds).toFixed(2)} cores (${perRecord} µs CPU/record, ${kernel}% in the kernel), client ${(cpu.clientSeconds / cpu.wallSeconds).toFixed(2)} cores`;
}

export const RECORDS_PER_BATCH = 1000;
export const VALUE_BYTES = 100;

/** One connection per broker, to send each partition's requests to its leader. */
async function leaderConnections(cluster: ClusterProcess, topic: string): Promise<{ byPartition: RawKafkaClient[]; all: RawKafkaClient[] }> {
  const parts = partitionsIn(await cluster.metadata(), topic);
  const conns = new Map<number, RawKafkaClient>();
  for (const b of cluster.brokers) conns.set(b.nodeId, await RawKafkaClient.connect(b.port, b.host));
  return { byPartition: parts.map((p) => conns.get(p.leader)!), all: [...conns.values()] };
}

function produceFrame(topic: string, partition: number, acks: number, records: number): Buffer {
  const batch = encodeRecordBatch({ records: Array.from({ length: records }, (_, i) => ({ value: Buffer.alloc(VALUE_BYTES, 0x61 + (i % 26)) })), baseTimestamp: Date.now() });
  return encodeRequest(ProduceRequest, 7, 0, 'bench', { transactionalId: null, acks, timeoutMs: 30_000, topicData: [{ name: topic, partitionData: [{ index: partition, records: batch }] }] });
}

let correlation = 1;
async function sendFrame(client: RawKafkaClient, template: Buffer): Promise<void> {
  const frame = Buffer.from(template);
  const id = correlation++;
  frame.writeInt32BE(id, 8);
  const res = decodeResponse(ProduceResponse, 7, await client.sendRaw(frame, id)).body;
  const code = res.responses[0]?.partitionResponses[0]?.errorCode;
  if (code !== 0) throw new Error(`produce failed with error ${code}`);
}

/**
 * Pre-encoded ingest: batches of 1,000 records of 100 bytes, `inFlight` requests in flight per
 * partition to its leader, for `seconds`; only the correlation id is patched per send, so the
 * client costs almost nothing and the figure is the cluster's (replication included at rf 3).
 */
export async function ingest(cluster: ClusterProcess, topic: string, partitions: number, acks: -1 | 1, seconds: number, inFlight = 2): Promise<{ recordsPerSec: number; records: number; cpu: CpuSpent }> {
  const { byPartition, all } = await leaderConnections(cluster, topic);
  const frames = Array.from({ length: partitions }, (_, p) => produceFrame(topic, p, acks, RECORDS_PER_BATCH));
  let records = 0;
  const until = Date.now() + seconds * 1000;
  const meter = cpuMeter(cluster);
  const started = process.hrtime.bigint();
  const lane = async (p: number) => {
    while (Date.now() < until) {
      await sendFrame(byPartition[p]!, frames[p]!);
      records += RECORDS_PER_BATCH;
    }
  };
  await Promise.all(Array.from({ length: partitions * inFlight }, (_, i) => lane(i % partitions)));
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = meter();
  for (const c of all) c.close();
  return { recordsPerSec: records / secs, records, cpu };
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

/**
 * Open-loop produce latency: every `tickMs` one request of `rate·tickMs/1000` records goes to the
 * next partition's leader whether or not earlier ones were answered (no coordinated omission);
 * latency runs from the scheduled send time to the answer. `acks: 'ping'` sends ApiVersions
 * instead, on the same schedule and connections: the floor any request sees on this machine.
 */
export async function openLoopLatency(cluster: ClusterProcess, topic: string, partitions: number, acks: -1 | 1 | 'ping', rate: number, seconds: number, tickMs = 5): Promise<{ p50: number; p99: number; max: number; requests: number; achievedPerSec: number; cpu: CpuSpent }> {
  const { byPartition, all } = await leaderConnections(cluster, topic);
  const perRequest = acks === 'ping' ? 0 : Math.max(1, Math.round((rate * tickMs) / 1000));
  const frames = Array.from({ length: partitions }, (_, p) => (acks === 'ping' ? encodeRequest(ApiVersionsRequest, 0, 0, 'bench', {}) : produceFrame(topic, p, acks, perRequest)));
  const send = acks === 'ping' ? sendPing : sendFrame;
  const latencies: number[] = [];
  const pending: Array<Promise<void>> = [];
  const meter = cpuMeter(cluster);
  const start = performance.now();
  const total = Math.floor((seconds * 1000) / tickMs);
  for (let i = 0; i < total; i++) {
    const due = start + i * tickMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const p = i % partitions;
    pending.push(send(byPartition[p]!, frames[p]!).then(() => void latencies.push(performance.now() - due)));
  }
  await Promise.all(pending);
  const secs = (performance.now() - start) / 1000;
  const cpu = meter();
  for (const c of all) c.close();
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: Math.max(...latencies), requests: latencies.length, achievedPerSec: (latencies.length * perRequest) / secs, cpu };
}

async function sendPing(client: RawKafkaClient, template: Buffer): Promise<void> {
  const frame = Buffer.from(template);
  const id = correlation++;
  frame.writeInt32BE(id, 8);
  await client.sendRaw(frame, id);
}

/**
 * This machine's floor for the ingest figures: GB/s writing `mb` MiB to a fresh file in 100 KB
 * writes, as a broker appends. On a VM whose free memory goes back to the host, pages the page
 * cache has not used lately cost a fault on the host each, and this speed (and with it every
 * figure that writes) can vary by 3–4× between runs; the line says which kind of run this was.
 */
export function freshFileWriteGBps(mb: number): number {
  const path = join(tmpdir(), `bench-fresh-write-${process.pid}`);
  const chunk = Buffer.alloc(100 * 1024, 0x61);
  const fd = openSync(path, 'w');
  const started = process.hrtime.bigint();
  try {
    for (let written = 0; written < mb * 1024 * 1024; written += chunk.length) writeSync(fd, chunk);
    return (mb * 1024 * 1024) / 1e9 / (Number(process.hrtime.bigint() - started) / 1e9);
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
}

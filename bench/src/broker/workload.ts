import { processCpuSeconds, selfCpuSeconds } from './cpu-usage';

/** The fixed workload every side of the broker benchmark uses. */
export const WORKLOAD = {
  /** Records per send / per pipeline / per pre-encoded batch. */
  recordsPerBatch: 1000,
  valueBytes: 100,
  partitions: 6,
  /** Requests in flight at once, the same on every side. */
  inFlight: 4,
  /** Records kafkajs and Redis each write and read back. */
  clientRecords: 1_000_000,
  /** Records the raw ingest generator sends (it is fast, so more of them for a stable figure). */
  ingestRecords: 5_000_000,
  topic: 'bench',
} as const;

export function value(i: number): Buffer {
  const b = Buffer.alloc(WORKLOAD.valueBytes, 0x61);
  b.write(String(i));
  return b;
}

export function key(i: number): string {
  return `key-${i % 1000}`;
}

export interface Measurement {
  readonly name: string;
  readonly records: number;
  readonly bytes: number;
  readonly seconds: number;
  /** CPU seconds the benchmark process (the client side) used during the run. */
  readonly clientCpu: number;
  /** CPU seconds the server process used during the run, when one is watched. */
  readonly serverCpu: number;
}

/** Which server process to charge CPU to while measuring (the broker or redis-server). */
let watchedPid: number | undefined;
export function watchServer(pid: number | undefined): void {
  watchedPid = pid;
}

export function recordsPerSecond(m: Measurement): number {
  return m.records / m.seconds;
}

export async function measure(name: string, records: number, bytesPerRecord: number, run: () => Promise<void>): Promise<Measurement> {
  const pid = watchedPid;
  const cpu0 = selfCpuSeconds();
  const server0 = pid ? processCpuSeconds(pid) : 0;
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    name,
    records,
    bytes: records * bytesPerRecord,
    seconds,
    clientCpu: selfCpuSeconds() - cpu0,
    serverCpu: pid ? processCpuSeconds(pid) - server0 : 0,
  };
}

#!/usr/bin/env node
// npm run figures:controller — (1) SIGKILL of the active controller → a new active controller,
// and → the next successful CreateTopics, over 10 trials on 3 real controller processes with the
// demo timeouts; (2) metadata records committed per second by the 3-voter quorum through the
// Raft append path (pipelined requests, proposals batched per fsync), one record per request and
// 101 records per request.
import { KafkaConnection } from '@orderlab/kafka-net';
import { AllocateProducerIdsRequest, AllocateProducerIdsResponse, CreateTopicsRequest, CreateTopicsResponse, ErrorCode } from '@orderlab/kafka-protocol';
import { ControllerAdmin, ControllerQuorum, HeartbeatingBroker, waitFor } from '@orderlab/e2e';

const TRIALS = 10;
const RATE_SECONDS = 5;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function failoverTrial(quorum: ControllerQuorum, admin: ControllerAdmin, trial: number): Promise<{ elected: number; created: number }> {
  const old = await quorum.leader(20_000);
  const killedAt = Date.now();
  const kill = old.kill('SIGKILL');
  const elected = waitFor(
    async () => {
      const views = await quorum.quorums();
      return [...views.values()].some((q) => q.nodeId !== old.nodeId && q.activeController) ? Date.now() - killedAt : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 5, description: 'a new active controller' },
  );
  const created = waitFor(
    async () => {
      const r = await admin.createTopic(`failover-${trial}`, 1, 3000);
      return r && (r.errorCode === ErrorCode.NONE || r.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS) ? Date.now() - killedAt : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 5, description: 'CreateTopics after the kill' },
  );
  const result = { elected: await elected, created: await created };
  await kill;
  await old.start();
  await quorum.agreedMetadata(20_000);
  return result;
}

/** `inFlight` requests pipelined on one connection to the active controller for RATE_SECONDS; records committed per second. */
async function commitRate(port: number, inFlight: number, request: (conn: KafkaConnection) => Promise<number>): Promise<{ recordsPerSec: number; requestsPerSec: number }> {
  const conn = await KafkaConnection.connect({ host: '127.0.0.1', port, clientId: 'figures', requestTimeoutMs: 30_000 });
  let records = 0;
  let requests = 0;
  const until = Date.now() + RATE_SECONDS * 1000;
  const started = Date.now();
  const lane = async () => {
    while (Date.now() < until) {
      const committed = await request(conn);
      records += committed;
      requests++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const secs = (Date.now() - started) / 1000;
  conn.close();
  return { recordsPerSec: Math.round(records / secs), requestsPerSec: Math.round(requests / secs) };
}

async function rates(quorum: ControllerQuorum, broker: HeartbeatingBroker): Promise<void> {
  const leader = await quorum.leader();
  const reg = await waitFor(() => (broker.registration?.nodeId === leader.nodeId ? broker.registration : undefined), { timeoutMs: 10_000, description: 'the broker registered with the leader' });
  const allocate = async (conn: KafkaConnection): Promise<number> => {
    const r = await conn.request({ request: AllocateProducerIdsRequest, response: AllocateProducerIdsResponse }, 0, { brokerId: broker.brokerId, brokerEpoch: reg.brokerEpoch });
    if (r.errorCode !== ErrorCode.NONE) throw new Error(`AllocateProducerIds failed: ${r.errorCode}`);
    return 1;
  };
  let topic = 0;
  const create = async (conn: KafkaConnection): Promise<number> => {
    const r = await conn.request({ request: CreateTopicsRequest, response: CreateTopicsResponse }, 5, { topics: [{ name: `rate-${topic++}`, numPartitions: 100, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 10_000, validateOnly: false });
    if (r.topics[0]?.errorCode !== ErrorCode.NONE) throw new Error(`CreateTopics failed: ${r.topics[0]?.errorCode} ${r.topics[0]?.errorMessage}`);
    return 101;
  };
  for (const inFlight of [1, 16, 64]) {
    const r = await commitRate(leader.port, inFlight, allocate);
    console.log(`  AllocateProducerIds (1 record each), ${String(inFlight).padStart(2)} in flight: ${r.recordsPerSec} records/s committed (${r.requestsPerSec} requests/s)`);
  }
  for (const inFlight of [1, 8]) {
    const r = await commitRate(leader.port, inFlight, create);
    console.log(`  CreateTopics of 100 partitions (101 records each), ${inFlight} in flight: ${r.recordsPerSec} records/s committed (${r.requestsPerSec} requests/s)`);
  }
}

async function main(): Promise<void> {
  const quorum = await ControllerQuorum.start({ count: 3, args: ['--log-level', 'warn'] });
  const admin = new ControllerAdmin(() => quorum.endpoints());
  const brokers = [1, 2, 3].map((id) => new HeartbeatingBroker(admin, id, quorum.clusterId, 500).start());
  try {
    await quorum.leader();
    await waitFor(async () => (await admin.createTopic('warm-up'))?.errorCode === ErrorCode.NONE, { timeoutMs: 20_000, description: 'a first topic' });
    const trials: Array<{ elected: number; created: number }> = [];
    for (let t = 0; t < (process.env.FIGURES_SKIP_FAILOVER ? 0 : TRIALS); t++) trials.push(await failoverTrial(quorum, admin, t));
    const e = trials.map((t) => t.elected);
    const c = trials.map((t) => t.created);
    console.log('controller figures (3 controllers, demo timeouts: fetch 600 ms, election 300 ms, tick 10 ms)');
    console.log(`SIGKILL of the active controller, ${TRIALS} trials:`);
    console.log(`  → new active controller:         median ${median(e)} ms, max ${Math.max(...e)} ms   (${e.join(', ')})`);
    console.log(`  → next successful CreateTopics:  median ${median(c)} ms, max ${Math.max(...c)} ms   (${c.join(', ')}); target < 1500 ms`);
    console.log('metadata records committed per second by the 3-voter quorum (fsync per Ready, group commit):');
    await rates(quorum, brokers[0]!);
  } catch (e) {
    for (const c of quorum.controllers) console.error(`--- controller ${c.nodeId}\n${c.logs.split('\n').filter((l) => /"level":[45]/.test(l)).slice(-15).join('\n')}`);
    throw e;
  } finally {
    for (const b of brokers) b.stop();
    await quorum.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

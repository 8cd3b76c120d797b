import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Partitioners, type Admin, type Kafka } from 'kafkajs';
import { BrokerProcess, GROUPS_CLI, kafkaClient, waitFor, waitForStableGroup } from '../../src';

const run = promisify(execFile);

interface LagRow {
  topic: string;
  partition: number;
  committedOffset: number | null;
  highWatermark: number;
  lastStableOffset: number;
  lag: number | null;
  lagReadCommitted: number | null;
}

describe('lag, the admin endpoint and the consumer-groups CLI', () => {
  let broker: BrokerProcess;
  let kafka: Kafka;
  let admin: Admin;

  before(async () => {
    broker = await new BrokerProcess({ args: ['--group-initial-rebalance-delay-ms', '300'] }).start();
    kafka = kafkaClient(broker.bootstrap);
    admin = kafka.admin();
    await admin.connect();
  });

  after(async () => {
    await admin?.disconnect();
    await broker?.dispose();
  });

  const cli = async (...args: string[]) => run(process.execPath, [GROUPS_CLI, '--bootstrap-server', broker.bootstrap, ...args]);
  const adminHttp = async (path: string) => (await fetch(`http://127.0.0.1:${broker.adminPort}${path}`)).json() as Promise<Record<string, unknown>>;

  async function fill(topic: string, counts: number[]): Promise<void> {
    await admin.createTopics({ topics: [{ topic, numPartitions: counts.length }] });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    for (const [partition, n] of counts.entries()) {
      for (let sent = 0; sent < n; sent += 500) {
        await producer.send({ topic, messages: Array.from({ length: Math.min(500, n - sent) }, (_, i) => ({ partition, value: `v${sent + i}` })) });
      }
    }
    await producer.disconnect();
  }

  /** kafkajs's own figure: fetchTopicOffsets asks for the last stable offset (read_committed). */
  async function kafkajsLag(groupId: string, topic: string): Promise<Map<number, number>> {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    const out = new Map<number, number>();
    for (const p of committed?.partitions ?? []) if (Number(p.offset) >= 0) out.set(p.partition, Number(ends.find((e) => e.partition === p.partition)?.high) - Number(p.offset));
    return out;
  }

  test('the seed notes\' arithmetic on real data: HW 1200, committed 1188 → lag 12', async () => {
    await fill('exam', [1200]);
    await cli('reset-offsets', 'g-exam', '--topic', 'exam', '--to-offset', '1188', '--execute');
    const body = await adminHttp('/groups/g-exam');
    const [p0] = body.partitions as LagRow[];
    assert.deepEqual({ hw: p0?.highWatermark, committed: p0?.committedOffset, lag: p0?.lag }, { hw: 1200, committed: 1188, lag: 12 });
    assert.equal((await kafkajsLag('g-exam', 'exam')).get(0), 12);
  });

  test('partition lags 5, 0, 11, 2 make a group lag of 18; a partition without a commit shows "-" and is not counted', async () => {
    await fill('lags', [20, 10, 30, 7, 4]);
    for (const [partition, offset] of [15, 10, 19, 5].entries()) await cli('reset-offsets', 'g-lags', '--topic', `lags:${partition}`, '--to-offset', String(offset), '--execute');
    const body = await adminHttp('/groups/g-lags');
    const rows = body.partitions as LagRow[];
    assert.deepEqual(rows.map((r) => r.lag), [5, 0, 11, 2]);
    assert.equal(body.totalLag, 18);
    assert.equal(body.totalLagReadCommitted, 18);
    const { stdout } = await cli('describe', 'g-lags', '--json');
    const report = JSON.parse(stdout) as { partitions: LagRow[]; totalLag: number; totalLagReadCommitted: number };
    assert.deepEqual(report.partitions.map((r) => r.lag), [5, 0, 11, 2, null], 'partition 4 has no commit');
    assert.equal(report.totalLag, 18);
    const kafkajs = await kafkajsLag('g-lags', 'lags');
    assert.deepEqual(report.partitions.filter((r) => r.lagReadCommitted !== null).map((r) => r.lagReadCommitted), [...kafkajs.values()], 'read_committed lag agrees with kafkajs');
    const table = (await cli('describe', 'g-lags')).stdout;
    assert.match(table, /g-lags\s+lags\s+4\s+-\s+4\s+4\s+-\s+-/);
    assert.match(table, /TOTAL LAG 18/);
  });

  test('the admin endpoint and the CLI show members and their assignments; list shows the group', async () => {
    await admin.createTopics({ topics: [{ topic: 'shown', numPartitions: 2 }] });
    const consumer = kafkaClient(broker.bootstrap, { clientId: 'watcher' }).consumer({ groupId: 'g-shown', sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'shown', fromBeginning: true });
    await consumer.run({ eachMessage: async () => undefined });
    await waitForStableGroup(admin, 'g-shown', 1, 2);
    const body = await adminHttp('/groups/g-shown');
    const members = body.members as Array<{ clientId: string; assignment: Record<string, number[]> }>;
    assert.equal(body.state, 'Stable');
    assert.deepEqual(members.map((m) => [m.clientId, m.assignment]), [['watcher', { shown: [0, 1] }]]);
    const list = await adminHttp('/groups');
    assert.ok((list as unknown as Array<{ groupId: string }>).some((g) => g.groupId === 'g-shown'));
    assert.match((await cli('list')).stdout, /g-shown\s+Stable\s+consumer\s+1/);
    await assert.rejects(cli('reset-offsets', 'g-shown', '--topic', 'shown', '--to-earliest', '--execute'), /can only be reset if the group 'g-shown' is inactive, but the current state is Stable/);
    await consumer.disconnect();
  });

  test('reset-offsets --to-earliest replays a topic for a stopped group', async () => {
    await fill('replay', [12, 12]);
    const seen: string[] = [];
    const start = async () => {
      const c = kafkaClient(broker.bootstrap, { clientId: 'replayer' }).consumer({ groupId: 'g-replay', sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 500 });
      await c.connect();
      await c.subscribe({ topic: 'replay', fromBeginning: true });
      await c.run({ eachMessage: async ({ message }) => void seen.push(message.value?.toString() ?? '') });
      return c;
    };
    let c = await start();
    await waitFor(async () => seen.length >= 24 && (await admin.fetchOffsets({ groupId: 'g-replay', topics: ['replay'] }))[0]?.partitions.every((p) => p.offset === '12'), { timeoutMs: 20_000, description: 'the first pass committed' });
    await c.disconnect();
    const dry = JSON.parse((await cli('reset-offsets', 'g-replay', '--topic', 'replay', '--to-earliest', '--json')).stdout) as { executed: boolean; plan: Array<{ newOffset: number }> };
    assert.deepEqual([dry.executed, dry.plan.map((p) => p.newOffset)], [false, [0, 0]]);
    assert.equal((await admin.fetchOffsets({ groupId: 'g-replay', topics: ['replay'] }))[0]?.partitions[0]?.offset, '12', 'a dry run changes nothing');
    await cli('reset-offsets', 'g-replay', '--topic', 'replay', '--to-earliest', '--execute');
    seen.length = 0;
    c = await start();
    await waitFor(() => seen.length >= 24, { timeoutMs: 20_000, description: 'the replay' });
    assert.equal(seen.length, 24, 'every record once more');
    await c.disconnect();
    const toOffset = JSON.parse((await cli('reset-offsets', 'g-replay', '--topic', 'replay', '--to-offset', '7', '--execute', '--json')).stdout) as { plan: Array<{ newOffset: number }> };
    assert.deepEqual(toOffset.plan.map((p) => p.newOffset), [7, 7]);
    const toLatest = JSON.parse((await cli('reset-offsets', 'g-replay', '--topic', 'replay', '--to-latest', '--json')).stdout) as { plan: Array<{ newOffset: number }> };
    assert.deepEqual(toLatest.plan.map((p) => p.newOffset), [12, 12]);
    const future = JSON.parse((await cli('reset-offsets', 'g-replay', '--topic', 'replay', '--to-datetime', '2999-01-01T00:00:00Z', '--json')).stdout) as { plan: Array<{ newOffset: number }> };
    assert.deepEqual(future.plan.map((p) => p.newOffset), [12, 12], 'no record that late: the log end');
  });
});

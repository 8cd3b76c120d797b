import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { ControllerAdmin, ControllerQuorum, HeartbeatingBroker, waitFor } from '../../src';

const TOPICS = 15;
const names = (m: unknown): string[] => (m as { topics: Array<{ name: string }> }).topics.map((t) => t.name).sort();
const checkpoints = (dataDir: string): string[] => {
  const dir = join(dataDir, '__cluster_metadata-0');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.checkpoint')) : [];
};

describe('controller quorum: snapshots bound the log; a wiped controller rejoins from one', () => {
  let quorum: ControllerQuorum;
  let admin: ControllerAdmin;
  let broker: HeartbeatingBroker;
  const started = Date.now();

  before(async () => {
    quorum = await ControllerQuorum.start({ count: 3, args: ['--snapshot-max-new-records', '20', '--metadata-log-segment-bytes', '2048'] });
    admin = new ControllerAdmin(() => quorum.endpoints().filter((e) => quorum.byId(e.nodeId).alive));
    broker = new HeartbeatingBroker(admin, 301, quorum.clusterId, 300).start();
    await quorum.leader();
    for (let i = 0; i < TOPICS; i++) {
      await waitFor(async () => (await admin.createTopic(`t-${String(i).padStart(2, '0')}`))?.errorCode === ErrorCode.NONE, { timeoutMs: 15_000, description: `topic t-${i}` });
    }
  });

  after(async () => {
    broker?.stop();
    await quorum?.stop();
    console.log(`snapshot rejoin suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('every controller snapshots and compacts its log below the snapshot', async () => {
    await quorum.agreedMetadata();
    for (const c of quorum.controllers) {
      const q = await waitFor(async () => ((await c.quorum()).logStartOffset > 0 ? c.quorum() : undefined), { timeoutMs: 10_000, description: `controller ${c.nodeId} to compact its log` });
      assert.ok(q.snapshot && q.snapshot.endOffset >= q.logStartOffset, `controller ${c.nodeId}: snapshot ${JSON.stringify(q.snapshot)} covers the log start ${q.logStartOffset}`);
      assert.ok(checkpoints(c.dataDir).length >= 1 && checkpoints(c.dataDir).length <= 2, `controller ${c.nodeId} keeps one or two snapshot files: ${checkpoints(c.dataDir).join(', ')}`);
    }
  });

  test('a controller whose data dir was wiped rejoins through FetchSnapshot and holds the same metadata', async () => {
    const leader = await quorum.leader();
    const victim = quorum.controllers.find((c) => c !== leader)!;
    await victim.kill('SIGKILL');
    victim.wipe();
    await victim.start();
    const agreed = await quorum.agreedMetadata(20_000);
    assert.equal(names(agreed).length, TOPICS);
    const q = await victim.quorum();
    assert.ok(q.snapshot !== null && q.logStartOffset > 0, `the wiped controller starts its log at a snapshot: ${JSON.stringify(q)}`);
    assert.match(victim.logs, /snapshot installed from the leader/);
    assert.equal(checkpoints(victim.dataDir).length, 1);
  });

  test('a restarted controller loads its snapshot, replays the tail, and agrees again', async () => {
    const leader = await quorum.leader();
    await leader.kill('SIGKILL');
    await waitFor(async () => (await admin.createTopic('after-restart', 1, 2000))?.errorCode === ErrorCode.NONE, { timeoutMs: 20_000, description: 'a topic after the leader died' });
    const logsBefore = leader.logs.length;
    await leader.start();
    const loaded = /"snapshotEndOffset":(\d+),"snapshotEpoch":\d+,"logStartOffset":(\d+),"logEndOffset":(\d+)[^\n]*metadata loaded/.exec(leader.logs.slice(logsBefore));
    assert.ok(loaded, 'the restart logs what it loaded');
    const [snapshotEnd, logStart, logEnd] = [Number(loaded[1]), Number(loaded[2]), Number(loaded[3])];
    assert.ok(snapshotEnd > 0 && logStart === snapshotEnd, `it starts from its own snapshot at ${snapshotEnd} (log from ${logStart})`);
    assert.ok(logEnd - logStart < 40, `only the tail after the snapshot is replayed: ${logEnd - logStart} offsets (snapshot every 20 records)`);
    const agreed = await quorum.agreedMetadata(20_000);
    assert.equal(names(agreed).length, TOPICS + 1);
    assert.doesNotMatch(leader.logs.slice(leader.logs.lastIndexOf('controller ready')), /snapshot installed from the leader/, 'it used its own snapshot, not the leader\'s');
  });
});

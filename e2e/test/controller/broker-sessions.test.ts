import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicsRequest, CreateTopicsResponse, ErrorCode } from '@orderlab/kafka-protocol';
import { ControllerAdmin, ControllerQuorum, HeartbeatingBroker, waitFor } from '../../src';

interface MetadataBody {
  brokers: Array<{ brokerId: number; state: string }>;
  topics: Array<{ name: string; partitions: Array<{ partition: number; leader: number; leaderEpoch: number; isr: number[]; replicas: number[] }> }>;
}
const SESSION_MS = 3000;

describe('controller quorum: broker sessions (registration, heartbeats, fencing by session expiry)', () => {
  let quorum: ControllerQuorum;
  let admin: ControllerAdmin;
  let a: HeartbeatingBroker;
  let b: HeartbeatingBroker;
  let c: HeartbeatingBroker;
  const started = Date.now();
  const metadata = async () => (await (await quorum.leader()).metadata()) as unknown as MetadataBody;
  const stateOf = (m: MetadataBody, id: number) => m.brokers.find((x) => x.brokerId === id)?.state;

  before(async () => {
    // HeartbeatingBroker opens a connection per heartbeat, so every heartbeat's connection closes:
    // the disconnect grace (cluster/broker-fencing tests it) is set past the session here, so this
    // file sees session expiry alone.
    quorum = await ControllerQuorum.start({ count: 3, args: ['--broker-session-timeout-ms', String(SESSION_MS), '--broker-disconnect-grace-ms', '600000'] });
    admin = new ControllerAdmin(() => quorum.endpoints().filter((e) => quorum.byId(e.nodeId).alive));
    a = new HeartbeatingBroker(admin, 11, quorum.clusterId, 300).start();
    b = new HeartbeatingBroker(admin, 12, quorum.clusterId, 300).start();
    c = new HeartbeatingBroker(admin, 13, quorum.clusterId, 300).start();
    await quorum.leader();
    await waitFor(async () => { const m = await metadata(); return [11, 12, 13].every((id) => stateOf(m, id) === 'unfenced'); }, { timeoutMs: 15_000, description: 'the brokers unfenced' });
    const created = await admin.toActive(
      { request: CreateTopicsRequest, response: CreateTopicsResponse },
      5,
      { topics: [{ name: 'placed', numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [11] }, { partitionIndex: 1, brokerIds: [12] }], configs: [] }], timeoutMs: 5000, validateOnly: false },
      (res) => res.topics[0]?.errorCode !== ErrorCode.NOT_CONTROLLER,
    );
    assert.equal(created?.response.topics[0]?.errorCode, ErrorCode.NONE);
  });

  after(async () => {
    a?.stop();
    b?.stop();
    c?.stop();
    await quorum?.stop();
    console.log(`broker sessions suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('a broker that stops heartbeating is fenced after the session timeout; its partition goes offline (its ISR was only itself), the other stays', async () => {
    a.stop();
    const stoppedAt = Date.now();
    const m = await waitFor(async () => { const x = await metadata(); return stateOf(x, 11) === 'fenced' ? x : undefined; }, { timeoutMs: SESSION_MS + 10_000, intervalMs: 50, description: 'broker 11 fenced' });
    const took = Date.now() - stoppedAt;
    console.log(`  broker 11 fenced ${took} ms after its last heartbeat (session timeout ${SESSION_MS} ms)`);
    assert.ok(took >= SESSION_MS - 500, `not fenced before the session expired (${took} ms)`);
    const [p0, p1] = m.topics.find((t) => t.name === 'placed')!.partitions;
    assert.deepEqual([p0!.leader, p0!.isr], [-1, [11]], 'offline, and the ISR keeps its last member (no unclean election)');
    assert.ok(p0!.leaderEpoch >= 1, 'the leader change bumped the leader epoch');
    assert.deepEqual([p1!.leader, p1!.isr], [12, [12]]);
    assert.equal(stateOf(m, 12), 'unfenced');
  });

  test('a failover gives every broker a fresh session: live brokers are not fenced, one that died just before is fenced by the new controller', async () => {
    c.stop();
    const old = await quorum.leader();
    await old.kill('SIGKILL');
    const killedAt = Date.now();
    let liveFenced = false;
    let deadFencedAt = -1;
    while (Date.now() < killedAt + SESSION_MS + 4000 && (deadFencedAt < 0 || Date.now() < killedAt + SESSION_MS + 1000)) {
      for (const ctl of quorum.responsive()) {
        try {
          const m = (await ctl.metadata(500)) as unknown as MetadataBody;
          if (stateOf(m, 12) === 'fenced') liveFenced = true;
          if (stateOf(m, 13) === 'fenced' && deadFencedAt < 0) deadFencedAt = Date.now();
        } catch {
          // electing
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(liveFenced, false, 'broker 12 stayed unfenced through the failover');
    assert.ok(deadFencedAt > 0, 'broker 13, silent since before the failover, is fenced by the new active controller');
    console.log(`  broker 13 (silent since the failover) fenced ${deadFencedAt - killedAt} ms after the old controller died`);
    await old.start();
  });

  test('the fenced broker heartbeats again: it is unfenced and leads its partition again with a new leader epoch', async () => {
    a.start();
    const m = await waitFor(async () => { const x = await metadata(); const p0 = x.topics.find((t) => t.name === 'placed')?.partitions[0]; return p0?.leader === 11 ? x : undefined; }, { timeoutMs: 15_000, description: 'broker 11 leads partition 0 again' });
    assert.equal(stateOf(m, 11), 'unfenced');
    assert.ok(m.topics.find((t) => t.name === 'placed')!.partitions[0]!.leaderEpoch >= 2);
    await quorum.agreedMetadata();
  });
});

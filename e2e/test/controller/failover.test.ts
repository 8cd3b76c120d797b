import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicsRequest, CreateTopicsResponse, ErrorCode } from '@orderlab/kafka-protocol';
import { ControllerAdmin, ControllerQuorum, HeartbeatingBroker, waitFor } from '../../src';

type TopicList = { topics: Array<{ name: string; partitions: Array<{ leader: number; isr: number[] }> }> };
const topicNames = (m: unknown): string[] => (m as TopicList).topics.map((t) => t.name);

/** Creates a topic at whichever controller is active, retrying NOT_CONTROLLER and dead connections until the deadline. */
async function createEventually(admin: ControllerAdmin, name: string, timeoutMs = 15_000): Promise<{ nodeId: number; tookMs: number }> {
  const started = Date.now();
  const r = await waitFor(
    async () => {
      const res = await admin.createTopic(name, 1, 2000);
      return res && (res.errorCode === ErrorCode.NONE || res.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS) ? res : undefined;
    },
    { timeoutMs, intervalMs: 10, description: `CreateTopics ${name} to succeed` },
  );
  return { nodeId: r.nodeId, tookMs: Date.now() - started };
}

describe('controller quorum: failover of the active controller (3 real controller processes)', () => {
  let quorum: ControllerQuorum;
  let admin: ControllerAdmin;
  const brokers: HeartbeatingBroker[] = [];
  const started = Date.now();

  before(async () => {
    quorum = await ControllerQuorum.start({ count: 3 });
    admin = new ControllerAdmin(() => quorum.endpoints());
    for (const id of [101, 102, 103]) brokers.push(new HeartbeatingBroker(admin, id, quorum.clusterId, 300).start());
    await quorum.leader();
    await createEventually(admin, 'warm-up');
  });

  after(async () => {
    for (const b of brokers) b.stop();
    await quorum?.stop();
    console.log(`controller failover suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('SIGKILL the active controller: another is elected, CreateTopics works again, the restarted one catches up', async () => {
    const old = await quorum.leader();
    const before = await old.quorum();
    const killedAt = Date.now();
    await old.kill('SIGKILL');
    const created = await createEventually(admin, 'after-kill');
    assert.notEqual(created.nodeId, old.nodeId);
    const next = await quorum.leader();
    assert.notEqual(next.nodeId, old.nodeId);
    assert.ok((await next.quorum()).epoch > before.epoch, 'the new leader leads a newer epoch');
    console.log(`  SIGKILL → next CreateTopics committed: ${created.tookMs} ms (measured from the kill: ${Date.now() - killedAt} ms incl. checks)`);
    await old.start();
    const agreed = await quorum.agreedMetadata();
    assert.deepEqual(topicNames(agreed).sort(), ['after-kill', 'warm-up']);
    const rejoined = await old.quorum();
    assert.equal(rejoined.role, 'follower');
    assert.equal(rejoined.leaderId, next.nodeId);
  });

  test('SIGSTOP the active controller for 10 s, then SIGCONT: it steps down, its stale-epoch request never commits, every node agrees', async () => {
    const stale = await quorum.leader();
    const staleEpoch = (await stale.quorum()).epoch;
    stale.pause();
    // A request that reaches the paused leader waits in its socket; it runs on SIGCONT, as the old epoch's leader.
    const toStale = admin.requestTo(
      { nodeId: stale.nodeId, host: '127.0.0.1', port: stale.port },
      { request: CreateTopicsRequest, response: CreateTopicsResponse },
      5,
      { topics: [{ name: 'from-the-stale-leader', numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false },
      30_000,
    );
    const next = await quorum.leader();
    assert.notEqual(next.nodeId, stale.nodeId);
    const nextEpoch = (await next.quorum()).epoch;
    assert.ok(nextEpoch > staleEpoch);
    await createEventually(admin, 'while-paused');
    const pausedFor = 10_000;
    await new Promise((r) => setTimeout(r, pausedFor - 1000));
    stale.resume();
    const answer = await toStale;
    console.log(`  the stale leader answered ${answer.topics[0]?.errorCode}: ${answer.topics[0]?.errorMessage}`);
    assert.notEqual(answer.topics[0]?.errorCode, ErrorCode.NONE, 'the stale leader must not report a commit');
    assert.ok([ErrorCode.NOT_CONTROLLER, ErrorCode.REQUEST_TIMED_OUT].includes(answer.topics[0]!.errorCode as 41 | 7), `stale leader answered ${answer.topics[0]?.errorCode}`);
    const after = await quorum.leader();
    assert.equal(after.nodeId, next.nodeId, 'the resumed controller did not take leadership back');
    const resumed = await stale.quorum();
    assert.equal(resumed.role, 'follower');
    assert.equal(resumed.epoch, (await next.quorum()).epoch);
    const agreed = await quorum.agreedMetadata();
    assert.ok(!topicNames(agreed).includes('from-the-stale-leader'), 'nothing the stale leader appended in its old epoch was committed');
    assert.ok(topicNames(agreed).includes('while-paused'));
    assert.match(stale.logs, /no longer the active controller/);
  });

  test('a leader cut off with uncommitted appends: they never commit, and are truncated when it rejoins the new leader', async () => {
    const old = await quorum.leader();
    const followers = quorum.controllers.filter((c) => c !== old);
    for (const f of followers) f.pause();
    // Until the followers' parked fetches expired (max wait 200 ms), an answer to them could carry the appends below.
    await waitFor(async () => (await old.quorum()).voters.every((v) => v.nodeId === old.nodeId || v.lastFetchMs > 250), { timeoutMs: 5000, description: 'the paused followers\' last fetches to be over 250 ms old' });
    const before = await old.quorum();
    const orphan = admin.requestTo(
      { nodeId: old.nodeId, host: '127.0.0.1', port: old.port },
      { request: CreateTopicsRequest, response: CreateTopicsResponse },
      5,
      { topics: [{ name: 'never-committed', numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false },
      10_000,
    );
    await waitFor(async () => (await old.quorum()).logEndOffset > before.logEndOffset, { timeoutMs: 5000, description: 'the isolated leader to append the CreateTopics records' });
    old.pause();
    for (const f of followers) f.resume();
    const next = await quorum.leader();
    assert.notEqual(next.nodeId, old.nodeId);
    await createEventually(admin, 'after-the-cut');
    old.resume();
    const answer = await orphan;
    console.log(`  the cut-off leader answered ${answer.topics[0]?.errorCode}: ${answer.topics[0]?.errorMessage}`);
    assert.ok([ErrorCode.NOT_CONTROLLER, ErrorCode.REQUEST_TIMED_OUT].includes(answer.topics[0]!.errorCode as 41 | 7), `the cut-off leader answered ${answer.topics[0]?.errorCode}`);
    const agreed = await quorum.agreedMetadata();
    assert.ok(!topicNames(agreed).includes('never-committed'));
    assert.ok(topicNames(agreed).includes('after-the-cut'));
    await waitFor(() => /metadata log truncated/.test(old.logs), { timeoutMs: 5000, description: 'the old leader to truncate its diverged records' });
  });
});

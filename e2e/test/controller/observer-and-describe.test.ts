import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KafkaConnection } from '@orderlab/kafka-net';
import { ErrorCode, FetchRequest, FetchResponse, batchSizeAt, decodeBatchRecords } from '@orderlab/kafka-protocol';
import { ControllerAdmin, ControllerQuorum, HeartbeatingBroker, REPO_ROOT, waitFor, type ControllerProcess } from '../../src';

const QUORUM_CLI = join(REPO_ROOT, 'tools', 'cli', 'dist', 'src', 'metadata-quorum', 'main.js');
const METADATA_TOPIC_ID = Buffer.from('00000000000000000000000000000001', 'hex');

function splitBatches(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length && batchSizeAt(bytes, at) > 0 && at + batchSizeAt(bytes, at) <= bytes.length; at += batchSizeAt(bytes, at)) out.push(bytes.subarray(at, at + batchSizeAt(bytes, at)));
  return out;
}

/** A broker's metadata fetch: Fetch v13 on __cluster_metadata-0 (by topic id) with its broker id as replicaId. */
async function observerFetch(c: ControllerProcess, brokerId: number, fetchOffset: number, lastFetchedEpoch: number, maxWaitMs: number, currentLeaderEpoch: number) {
  const conn = await KafkaConnection.connect({ host: '127.0.0.1', port: c.port, clientId: `broker-${brokerId}` });
  try {
    const res = await conn.request({ request: FetchRequest, response: FetchResponse }, 13, {
      replicaId: brokerId,
      maxWaitMs,
      minBytes: 1,
      maxBytes: 1 << 20,
      topics: [{ topicId: METADATA_TOPIC_ID, partitions: [{ partition: 0, currentLeaderEpoch, fetchOffset, lastFetchedEpoch, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
      forgottenTopicsData: [],
      rackId: '',
    }, { timeoutMs: maxWaitMs + 5000 });
    return res.responses[0]!.partitions[0]!;
  } finally {
    conn.close();
  }
}

describe('controller quorum: brokers follow the metadata log as observers; DescribeQuorum and npm run quorum', () => {
  let quorum: ControllerQuorum;
  let admin: ControllerAdmin;
  let broker: HeartbeatingBroker;
  const started = Date.now();

  before(async () => {
    quorum = await ControllerQuorum.start({ count: 3 });
    admin = new ControllerAdmin(() => quorum.endpoints());
    broker = new HeartbeatingBroker(admin, 101, quorum.clusterId, 300).start();
    await quorum.leader();
    await waitFor(async () => (await admin.createTopic('first'))?.errorCode === ErrorCode.NONE, { timeoutMs: 15_000, description: 'a first topic' });
  });

  after(async () => {
    broker?.stop();
    await quorum?.stop();
    console.log(`observer and describe suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('an observer fetch gets the committed log as Kafka record batches, and a parked fetch returns as soon as records are appended', async () => {
    const leader = await quorum.leader();
    // A broker that knows no epoch yet learns leader and epoch from the refusal, as in KRaft.
    const probe = await observerFetch(leader, 101, 0, -1, 100, -1);
    assert.equal(probe.errorCode, ErrorCode.FENCED_LEADER_EPOCH);
    assert.equal(probe.currentLeader.leaderId, leader.nodeId);
    const epoch = probe.currentLeader.leaderEpoch;
    const first = await observerFetch(leader, 101, 0, -1, 100, epoch);
    assert.equal(first.errorCode, ErrorCode.NONE);
    assert.ok(first.highWatermark > 0);
    const batches = splitBatches(first.records!);
    assert.ok(batches.length >= 2);
    assert.equal(batches[0]!.readInt16BE(21) & 0x20, 0x20, 'the log starts with the LeaderChange control batch');
    assert.ok(decodeBatchRecords(batches[batches.length - 1]!).every((r) => r.value !== null && r.value[0] === 1), 'metadata records framed with frameVersion 1');
    const end = (await leader.quorum()).logEndOffset;
    const waitStarted = Date.now();
    const parked = observerFetch(leader, 101, end, epoch, 10_000, epoch);
    await admin.createTopic('wakes-the-fetch');
    const woke = await parked;
    assert.ok(Date.now() - waitStarted < 5000, 'answered on append, not at maxWaitMs');
    assert.ok(splitBatches(woke.records!).length >= 1);
  });

  test('a follower answers an observer NOT_LEADER_OR_FOLLOWER naming the leader', async () => {
    const leader = await quorum.leader();
    const follower = quorum.controllers.find((c) => c !== leader)!;
    const epoch = (await leader.quorum()).epoch;
    const r = await observerFetch(follower, 101, 0, -1, 100, epoch);
    assert.equal(r.errorCode, ErrorCode.NOT_LEADER_OR_FOLLOWER);
    assert.equal(r.currentLeader.leaderId, leader.nodeId);
  });

  test('npm run quorum -- describe prints the status and the replication of voters and observers (from any controller)', async () => {
    const leader = await quorum.leader();
    const follower = quorum.controllers.find((c) => c !== leader)!;
    const run = async (...args: string[]) => (await promisify(execFile)(process.execPath, [QUORUM_CLI, 'describe', ...args, '--bootstrap-controller', `127.0.0.1:${follower.port}`])).stdout;
    const status = await run('--status');
    assert.match(status, new RegExp(`^LeaderId:\\s+${leader.nodeId}$`, 'm'));
    assert.match(status, /^CurrentVoters:\s+\[1,2,3\]$/m);
    assert.match(status, /^CurrentObservers:\s+\[101\]$/m);
    const replication = (await run('--replication')).trim().split('\n');
    assert.match(replication[1]!, new RegExp(`^${leader.nodeId}\\s+\\d+\\s+0\\s+\\d+\\s+\\d+\\s+Leader$`));
    assert.equal(replication.filter((l) => / Follower$/.test(l)).length, 2);
    assert.match(replication[replication.length - 1]!, /^101\s+.*Observer$/);
  });
});

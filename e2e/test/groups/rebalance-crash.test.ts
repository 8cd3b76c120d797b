import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Admin } from 'kafkajs';
import {
  CONSUMER_OFFSETS_TOPIC,
  ErrorCode,
  FindCoordinatorRequest,
  FindCoordinatorResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  JoinGroupRequest,
  JoinGroupResponse,
  OffsetCommitRequest,
  OffsetCommitResponse,
  SyncGroupRequest,
  SyncGroupResponse,
  decodeConsumerAssignment,
  encodeConsumerAssignment,
  encodeConsumerSubscription,
  groupOffsetsPartition,
} from '@orderlab/kafka-protocol';
import { BrokerProcess, RawKafkaClient, describeGroup, kafkaClient, waitFor, waitForStableGroup } from '../../src';

const GROUP = 'crash-mid-rebalance';
const TOPIC = 'work';
const OFFSETS_PARTITION = groupOffsetsPartition(GROUP);

/** A group member speaking JoinGroup v5 / SyncGroup v3 as a Java consumer does, on its own connection. */
class Member {
  memberId = '';
  generation = -1;
  leader = '';
  joinedMembers: string[] = [];

  private constructor(private client: RawKafkaClient) {}

  static async connect(port: number): Promise<Member> {
    const m = new Member(await RawKafkaClient.connect(port));
    await m.findCoordinator();
    return m;
  }

  async reconnect(port: number): Promise<void> {
    this.client.close();
    this.client = await RawKafkaClient.connect(port);
    await this.findCoordinator();
  }

  /** As every client does first; the broker creates __consumer_offsets on first use. */
  private async findCoordinator(): Promise<void> {
    const r = await this.client.send(FindCoordinatorRequest, FindCoordinatorResponse, 2, { key: GROUP, keyType: 0 });
    assert.equal(r.errorCode, ErrorCode.NONE);
  }

  join(): Promise<number> {
    return this.client
      .send(JoinGroupRequest, JoinGroupResponse, 5, {
        groupId: GROUP,
        sessionTimeoutMs: 30_000,
        rebalanceTimeoutMs: 60_000,
        memberId: this.memberId,
        groupInstanceId: null,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: encodeConsumerSubscription({ topics: [TOPIC] }) }],
      })
      .then((r) => {
        if (r.errorCode === ErrorCode.MEMBER_ID_REQUIRED) this.memberId = r.memberId;
        if (r.errorCode === ErrorCode.NONE) Object.assign(this, { memberId: r.memberId, generation: r.generationId, leader: r.leader, joinedMembers: r.members.map((m) => m.memberId) });
        return r.errorCode;
      });
  }

  /** Join as a new member: MEMBER_ID_REQUIRED first, then the real join (which may wait for the others). */
  async joinNew(): Promise<void> {
    assert.equal(await this.join(), ErrorCode.MEMBER_ID_REQUIRED);
  }

  sync(assignments: Record<string, number[]> = {}): Promise<{ errorCode: number; partitions: number[] }> {
    return this.client
      .send(SyncGroupRequest, SyncGroupResponse, 3, {
        groupId: GROUP,
        generationId: this.generation,
        memberId: this.memberId,
        groupInstanceId: null,
        assignments: Object.entries(assignments).map(([memberId, partitions]) => ({ memberId, assignment: encodeConsumerAssignment({ assignedPartitions: [{ topic: TOPIC, partitions }] }) })),
      })
      .then((r) => ({ errorCode: r.errorCode, partitions: decodeConsumerAssignment(r.assignment)?.assignedPartitions.flatMap((t) => t.partitions) ?? [] }));
  }

  async heartbeat(): Promise<number> {
    const r = await this.client.send(HeartbeatRequest, HeartbeatResponse, 3, { groupId: GROUP, generationId: this.generation, memberId: this.memberId, groupInstanceId: null });
    return r.errorCode;
  }

  close(): void {
    this.client.close();
  }
}

/** Standalone commits of another group on the same __consumer_offsets partition, enough to trigger its snapshot. */
async function fillOffsetsPartition(port: number, records: number): Promise<void> {
  let filler = 'filler';
  for (let i = 0; groupOffsetsPartition(filler) !== OFFSETS_PARTITION; i++) filler = `filler-${i}`;
  const client = await RawKafkaClient.connect(port);
  try {
    const commits = Array.from({ length: records }, (_, i) =>
      client.send(OffsetCommitRequest, OffsetCommitResponse, 7, {
        groupId: filler,
        generationIdOrMemberEpoch: -1,
        memberId: '',
        groupInstanceId: null,
        topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, committedOffset: i, committedLeaderEpoch: -1, committedMetadata: null }] }],
      }),
    );
    const answers = await Promise.all(commits);
    assert.ok(answers.every((a) => a.topics[0]?.partitions[0]?.errorCode === ErrorCode.NONE));
  } finally {
    client.close();
  }
}

describe('a broker killed while a group is in CompletingRebalance', () => {
  let broker: BrokerProcess;
  let admin: Admin;
  const members: Member[] = [];

  before(async () => {
    broker = await new BrokerProcess({ args: ['--group-initial-rebalance-delay-ms', '0'] }).start();
    admin = kafkaClient(broker.bootstrap).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 4 }] });
  });

  after(async () => {
    for (const m of members) m.close();
    await admin?.disconnect().catch(() => undefined);
    await broker?.dispose();
  });

  test('restarts at the last completed generation; the members rejoin and each gets its share of the new assignment', async () => {
    const started = Date.now();
    const a = await Member.connect(broker.port);
    const b = await Member.connect(broker.port);
    members.push(a, b);
    await a.joinNew();
    assert.equal(await a.join(), ErrorCode.NONE);
    assert.deepEqual(await a.sync({ [a.memberId]: [0, 1, 2, 3] }), { errorCode: ErrorCode.NONE, partitions: [0, 1, 2, 3] });

    // b joins; a learns of the rebalance from its heartbeat and rejoins: generation 2, leader a.
    await b.joinNew();
    const bJoined = b.join();
    await waitFor(async () => (await a.heartbeat()) === ErrorCode.REBALANCE_IN_PROGRESS, { timeoutMs: 5000, description: 'a told to rejoin' });
    assert.equal(await a.join(), ErrorCode.NONE);
    assert.equal(await bJoined, ErrorCode.NONE);
    assert.deepEqual([a.generation, a.leader, a.joinedMembers.length], [2, a.memberId, 2]);
    const bSyncLost = b.sync().catch((e: Error) => e);

    // The leader is still assigning when the offsets partition takes its snapshot, and the broker dies.
    const before = await admin.fetchTopicOffsets(CONSUMER_OFFSETS_TOPIC);
    const startOf = (offsets: typeof before) => Number(offsets.find((p) => p.partition === OFFSETS_PARTITION)?.low);
    await fillOffsetsPartition(broker.port, 1000);
    await waitFor(async () => startOf(await admin.fetchTopicOffsets(CONSUMER_OFFSETS_TOPIC)) > startOf(before), { timeoutMs: 10_000, description: 'the snapshot of the offsets partition' });
    assert.equal((await describeGroup(admin, GROUP)).state, 'CompletingRebalance');
    await admin.disconnect();
    await broker.restart();
    assert.ok((await bSyncLost) instanceof Error, "b's SyncGroup died with the broker");
    admin = kafkaClient(broker.bootstrap).admin();
    await admin.connect();

    const restored = await describeGroup(admin, GROUP);
    assert.deepEqual([restored.state, restored.members.map((m) => m.memberId)], ['Stable', [a.memberId]], 'the last completed generation, not the half-done one');
    assert.deepEqual(restored.members[0]?.assignment, { [TOPIC]: [0, 1, 2, 3] });

    // The members retry what they were doing, as a Java consumer does after a coordinator failure.
    await a.reconnect(broker.port);
    await b.reconnect(broker.port);
    const half = { [a.memberId]: [0, 1], [b.memberId]: [2, 3] };
    assert.equal((await a.sync(half)).errorCode, ErrorCode.ILLEGAL_GENERATION, "the leader's new assignment is not dropped in silence");
    assert.equal((await b.sync()).errorCode, ErrorCode.UNKNOWN_MEMBER_ID, 'the new member is not handed an empty assignment');

    b.memberId = '';
    await b.joinNew();
    const bRejoined = b.join();
    assert.equal(await a.join(), ErrorCode.NONE);
    assert.equal(await bRejoined, ErrorCode.NONE);
    const bSync = b.sync();
    const aSync = await a.sync({ [a.memberId]: [0, 1], [b.memberId]: [2, 3] });
    assert.deepEqual([aSync, await bSync], [{ errorCode: 0, partitions: [0, 1] }, { errorCode: 0, partitions: [2, 3] }]);
    const g = await waitForStableGroup(admin, GROUP, 2, 4);
    assert.deepEqual(Object.fromEntries(g.members.map((m) => [m.memberId, m.assignment[TOPIC]])), { [a.memberId]: [0, 1], [b.memberId]: [2, 3] });
    console.log(`rebalance-crash: restart and complete rebalance in ${Date.now() - started} ms`);
  });
});

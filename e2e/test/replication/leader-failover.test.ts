import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ElectLeadersRequest, ElectLeadersResponse, ErrorCode, InitProducerIdRequest, InitProducerIdResponse, ProduceRequest, ProduceResponse, encodeRecordBatch } from '@orderlab/kafka-protocol';
import { ClusterProcess, RawKafkaClient, highWatermark, partitionLogBytes, rawProduce, waitFor, waitForPartition, createReplicatedTopic } from '../../src';

const QUIET = ['--log-level', 'warn'];
const started = Date.now();

/** Every value in the partition, read from the current leader by a fresh kafkajs consumer. */
async function readAll(cluster: ClusterProcess, topic: string, expected: number): Promise<string[]> {
  const consumer = cluster.kafka().consumer({ groupId: `check-${topic}-${Date.now()}` });
  const seen: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value?.toString() ?? '') });
    await waitFor(() => seen.length >= expected, { timeoutMs: 30_000, description: `${expected} records consumed from ${topic} (have ${seen.length})` });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/**
 * Replication on 3 controllers + 3 brokers (real processes): followers copy the leader, acks=all
 * answers once the ISR has a write, a SIGKILLed leader is replaced by an in-sync follower that
 * serves every acknowledged record, and a former leader that returns truncates what it wrote
 * alone (by leader epoch) and ends byte-identical to the new leader.
 */
describe('replication: leader failover and divergence repair (3 + 3 processes)', () => {
  let cluster: ClusterProcess;

  before(async () => {
    cluster = await ClusterProcess.start({ controllers: 3, brokers: 3, controllerArgs: QUIET, brokerArgs: QUIET });
  });

  after(async () => {
    await cluster?.stop();
    console.log(`replication leader-failover suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('acks=all records are on every ISR member; SIGKILL of the leader: an in-sync follower leads and serves all of them', async () => {
    const topic = 'failover';
    await createReplicatedTopic(cluster, topic, 3, { 'min.insync.replicas': '2' });
    const initial = await waitForPartition(cluster, topic, (p) => p.leader > 0 && p.isr.length === 3, 'rf 3 partition with a full ISR');
    const leader = cluster.broker(initial.leader);
    const acked: string[] = [];
    for (let i = 0; i < 20; i++) {
      const values = Array.from({ length: 10 }, (_, j) => `a-${i * 10 + j}`);
      const r = await rawProduce(leader.port, topic, values, -1);
      assert.equal(r.errorCode, 0, `acks=all write ${i}: ${r.errorMessage}`);
      assert.equal(r.baseOffset, i * 10);
      acked.push(...values);
    }
    assert.deepEqual(await highWatermark(leader.port, topic), { errorCode: 0, offset: 200 }, 'the high watermark passed every acknowledged batch');

    await leader.kill('SIGKILL');
    const next = await waitForPartition(cluster, topic, (p) => p.leader > 0 && p.leader !== initial.leader, 'a new leader from the ISR', 20_000);
    assert.ok(initial.isr.includes(next.leader), 'the new leader was in the ISR');
    assert.ok(next.leaderEpoch > initial.leaderEpoch, 'a leader change bumps the leader epoch');
    // The new leader's high watermark covers what the old one acknowledged once the other follower fetched from it.
    await waitFor(async () => (await highWatermark(cluster.broker(next.leader).port, topic)).offset >= 200, { timeoutMs: 10_000, description: 'the new leader\'s high watermark reaches 200' });
    const more = await rawProduce(cluster.broker(next.leader).port, topic, ['after-failover'], -1);
    assert.equal(more.errorCode, 0, `acks=all on the new leader with 2 of 3 in sync: ${more.errorMessage}`);
    acked.push('after-failover');
    const seen = await readAll(cluster, topic, acked.length);
    assert.deepEqual(seen, acked, 'every acknowledged record, once, in order');

    await leader.restart();
    await waitForPartition(cluster, topic, (p) => p.isr.includes(initial.leader), 'the restarted broker back in the ISR', 30_000);
    // auto.leader.rebalance.enable: the preferred replica leads again once it is in the ISR.
    const back = await waitForPartition(cluster, topic, (p) => p.leader === initial.replicas[0], 'the preferred replica leading again', 15_000);
    assert.ok(back.leaderEpoch > next.leaderEpoch);
    // ElectLeaders through a broker (forwarded to the controller): nothing to do now.
    const client = await RawKafkaClient.connect(cluster.broker(next.leader).port);
    try {
      const res = await client.send(ElectLeadersRequest, ElectLeadersResponse, 2, { electionType: 0, topicPartitions: [{ topic, partitions: [0] }], timeoutMs: 5000 });
      assert.equal(res.replicaElectionResults[0]?.partitionResult[0]?.errorCode, ErrorCode.ELECTION_NOT_NEEDED, JSON.stringify(res));
    } finally {
      client.close();
    }
  });

  test('a returning former leader truncates its unreplicated tail by leader epoch and ends byte-identical to the new leader', async () => {
    const topic = 'diverge';
    await createReplicatedTopic(cluster, topic, 3, { 'min.insync.replicas': '2' });
    const initial = await waitForPartition(cluster, topic, (p) => p.leader > 0 && p.isr.length === 3, 'rf 3 partition with a full ISR');
    const old = cluster.broker(initial.leader);
    const followers = initial.replicas.filter((id) => id !== initial.leader).map((id) => cluster.broker(id));
    for (let i = 0; i < 5; i++) assert.equal((await rawProduce(old.port, topic, [`c-${i}`], -1)).errorCode, 0);

    // The followers freeze; the leader takes acks=1 writes nobody copies, then dies before the lag time.
    for (const f of followers) f.pause();
    for (let i = 0; i < 3; i++) assert.equal((await rawProduce(old.port, topic, [`lost-${i}`], 1)).errorCode, 0, 'acks=1 answers after the leader\'s own append');
    await old.kill('SIGKILL');
    for (const f of followers) f.resume();
    const next = await waitForPartition(cluster, topic, (p) => p.leader > 0 && p.leader !== initial.leader, 'a follower elected', 30_000);
    const newLeader = cluster.broker(next.leader);
    for (let i = 0; i < 4; i++) {
      await waitFor(async () => (await rawProduce(newLeader.port, topic, [`n-${i}`], -1)).errorCode === 0, { timeoutMs: 15_000, description: `acks=all write n-${i} on the new leader` });
    }

    await old.restart();
    const rejoined = await waitForPartition(cluster, topic, (p) => p.isr.length === 3, 'the former leader back in the ISR', 30_000);
    const current = cluster.broker(rejoined.leader); // the former leader may already lead again (preferred replica)
    // Byte-identical logs: the former leader cut its own-epoch tail and took the new leader's records at those offsets.
    await waitFor(() => partitionLogBytes(old.dataDir, topic).equals(partitionLogBytes(newLeader.dataDir, topic)), { timeoutMs: 10_000, description: 'the former leader\'s log equals the new leader\'s' });
    const text = partitionLogBytes(old.dataDir, topic).toString('latin1');
    // lost-0 may have reached a follower: its parked fetch was answered into the socket before SIGSTOP took it.
    // lost-1 and lost-2 cannot have: a stopped follower sends no further fetch.
    assert.ok(!text.includes('lost-1') && !text.includes('lost-2'), 'the unreplicated acks=1 tail is gone from the former leader\'s log');
    assert.ok(text.includes('n-3'), 'and it holds what the new leader wrote');
    assert.match(old.logs, /truncating by leader epoch/, 'the former leader truncated by leader epoch');
    const hw = await highWatermark(current.port, topic);
    assert.ok(hw.offset >= 9, `every acks=all write is below the high watermark (${hw.offset})`);
  });

  test('idempotent dedupe survives leader failover: the new leader rebuilt the producer state from the replicated log', async () => {
    const topic = 'idempotent-failover';
    await createReplicatedTopic(cluster, topic, 3, { 'min.insync.replicas': '2' });
    const initial = await waitForPartition(cluster, topic, (p) => p.leader > 0 && p.isr.length === 3, 'a full ISR');
    const produce = async (port: number, producerId: number, seq: number): Promise<{ errorCode: number; baseOffset: number }> => {
      const client = await RawKafkaClient.connect(port);
      try {
        const records = encodeRecordBatch({ records: [{ value: `seq-${seq}` }], producerId, producerEpoch: 0, baseSequence: seq, baseTimestamp: Date.now() });
        const res = await client.send(ProduceRequest, ProduceResponse, 7, { transactionalId: null, acks: -1, timeoutMs: 10_000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] });
        const p = res.responses[0]?.partitionResponses[0];
        return { errorCode: p?.errorCode ?? -1, baseOffset: Number(p?.baseOffset ?? -1) };
      } finally {
        client.close();
      }
    };
    const client = await RawKafkaClient.connect(cluster.broker(initial.leader).port);
    const producerId = Number((await client.send(InitProducerIdRequest, InitProducerIdResponse, 1, { transactionalId: null, transactionTimeoutMs: 60_000 })).producerId);
    client.close();
    assert.deepEqual(await produce(cluster.broker(initial.leader).port, producerId, 0), { errorCode: 0, baseOffset: 0 });
    assert.deepEqual(await produce(cluster.broker(initial.leader).port, producerId, 1), { errorCode: 0, baseOffset: 1 });

    await cluster.broker(initial.leader).kill('SIGKILL');
    const next = await waitForPartition(cluster, topic, (p) => p.leader > 0 && p.leader !== initial.leader, 'a new leader', 20_000);
    // The producer never saw the answer to seq 1 (say): its retry goes to the new leader and is a duplicate, not a new record.
    const retried = await produce(cluster.broker(next.leader).port, producerId, 1);
    assert.deepEqual(retried, { errorCode: 0, baseOffset: 1 }, 'the retry gets its original offset');
    assert.deepEqual(await produce(cluster.broker(next.leader).port, producerId, 2), { errorCode: 0, baseOffset: 2 });
    await cluster.broker(initial.leader).restart();
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { allPartitions, isActiveBroker, topicNameOf, type MetadataImage, type PartitionImage } from '@orderlab/metadata';
import { Harness, seededRandom, state } from './kit';

const SEED = Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31);
const BROKERS = [1, 2, 3, 4];

test('a broker lifecycle end to end: join, lead, die, get fenced, come back as a new incarnation, lead again', () => {
  const h = new Harness({ sessionTimeoutMs: 6000 });
  h.addBrokers(1, 2, 3);
  h.createTopic('orders', 3, 3);
  assert.deepEqual([0, 1, 2].map((p) => h.partition('orders', p).leader), [1, 2, 3]);
  h.advance(4000);
  h.heartbeat(2);
  h.heartbeat(3);
  h.advance(2001); // broker 1 has been silent for 6001 ms
  assert.equal(h.run((i, _n, now) => h.control.fenceStaleBroker(i, now)), 1);
  assert.deepEqual(state(h.partition('orders', 0)), { leader: 2, leaderEpoch: 1, partitionEpoch: 1, isr: [2, 3] });
  const reply = h.register(1, 1);
  assert.equal(reply.errorCode, 0, 'a fenced broker may come back with a new incarnation at once');
  h.heartbeat(1, { offset: reply.brokerEpoch - 1 });
  assert.equal(h.image.brokers.get(1)?.fenced, true, 'not caught up yet');
  h.heartbeat(1, { offset: reply.brokerEpoch });
  assert.equal(h.image.brokers.get(1)?.fenced, false);
  const p0 = h.partition('orders', 0);
  h.run((image) => h.control.alterPartition(image, { brokerId: 2, brokerEpoch: image.brokers.get(2)?.brokerEpoch ?? -1, topics: [{ topicName: 'orders', topicId: h.topicId('orders'), partitions: [{ partitionIndex: 0, leaderEpoch: p0.leaderEpoch, partitionEpoch: p0.partitionEpoch, newIsr: [], newIsrWithEpochs: [{ brokerId: 2, brokerEpoch: -1 }, { brokerId: 3, brokerEpoch: -1 }, { brokerId: 1, brokerEpoch: reply.brokerEpoch }], leaderRecoveryState: 0 }] }] }, 3));
  h.run((image) => h.control.balancePartitionLeaders(image));
  assert.deepEqual(state(h.partition('orders', 0)), { leader: 1, leaderEpoch: 2, partitionEpoch: 3, isr: [2, 3, 1] });
});

/** The safety rules every decision keeps, checked between the images before and after it. */
function checkInvariants(before: MetadataImage, after: MetadataImage, blocks: Array<[number, number]>, log: Harness['log']): void {
  for (const p of allPartitions(after)) {
    const where = `${topicNameOf(after, p)}-${p.partition}`;
    assert.ok(p.isr.length > 0, `${where}: the ISR is never empty`);
    if (p.leader !== -1) assert.ok(isActiveBroker(after, p.leader), `${where}: leader ${p.leader} is fenced or shutting down`);
    for (const b of p.isr) {
      if (!isActiveBroker(after, b)) assert.deepEqual([p.isr, p.leader], [[b], -1], `${where}: inactive broker ${b} may stay only as the last, leaderless ISR member`);
    }
    const old: PartitionImage | undefined = before.topicsById.get(p.topicId)?.partitions.get(p.partition);
    if (!old) continue;
    assert.equal(p.leader !== old.leader, p.leaderEpoch !== old.leaderEpoch, `${where}: the leader epoch moves exactly when the leader does`);
    if (p.leader !== old.leader && p.leader !== -1) assert.ok(old.isr.includes(p.leader), `${where}: new leader ${p.leader} was not in the ISR ${old.isr}: an unclean election`);
  }
  const sorted = [...blocks].sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < sorted.length; i++) assert.ok((sorted[i]?.[0] ?? 0) >= (sorted[i - 1]?.[0] ?? 0) + (sorted[i - 1]?.[1] ?? 0), 'producer-id blocks overlap');
  for (const b of after.brokers.values()) {
    assert.ok(log.some((e) => e.offset === b.brokerEpoch && e.record.type === 'RegisterBroker' && e.record.brokerId === b.brokerId), `broker ${b.brokerId}: epoch ${b.brokerEpoch} is the offset of its registration record`);
  }
}

type Step = readonly [number, number, number, number];

/** One random operation of a driver: registrations, heartbeats of every kind, time passing, expiry, admin, ISR changes, elections, failover. */
function step(h: Harness, s: Step, blocks: Array<[number, number]>): void {
  const [kind, a, b, c] = s;
  const broker = BROKERS[a % BROKERS.length] as number;
  const epochOf = (id: number) => h.image.brokers.get(id)?.brokerEpoch ?? -1;
  switch (kind % 16) {
    case 0:
      h.register(broker, b % 3);
      break;
    case 1:
    case 10:
    case 11:
    case 12:
    case 13:
      h.heartbeat(broker, { offset: b % 4 === 0 ? epochOf(broker) - 1 : h.image.lastAppliedOffset, wantFence: b % 11 === 0, wantShutDown: b % 7 === 0 });
      break;
    case 2:
      h.advance((b % 4) * 2000);
      // Sometimes time passes without the expiry check, so expired brokers can re-register first.
      if (c % 2 === 0) while (h.run((i, _n, now) => h.control.fenceStaleBroker(i, now)) !== null);
      break;
    case 3:
    case 14:
      h.run((image) => h.control.createTopics(image, [{ name: `t${b % 4}`, numPartitions: (c % 3) + 1, replicationFactor: (c % 3) + 1, assignments: [], configs: [] }], false));
      break;
    case 4:
    case 15: {
      const parts = allPartitions(h.image);
      const p = parts[b % Math.max(1, parts.length)];
      if (!p || p.leader === -1) break;
      const isr = p.replicas.filter((r, i) => r === p.leader || ((c >> i) & 1) === 1);
      h.run((image) => h.control.alterPartition(image, { brokerId: p.leader, brokerEpoch: epochOf(p.leader), topics: [{ topicName: '', topicId: Buffer.from(p.topicId, 'base64url'), partitions: [{ partitionIndex: p.partition, leaderEpoch: p.leaderEpoch, partitionEpoch: p.partitionEpoch, newIsr: [], newIsrWithEpochs: isr.map((r) => ({ brokerId: r, brokerEpoch: -1 })), leaderRecoveryState: 0 }] }] }, 3));
      break;
    }
    case 5:
      h.run((image) => h.control.electLeaders(image, { electionType: 0, topicPartitions: null }));
      break;
    case 6:
      h.run((image) => h.control.balancePartitionLeaders(image));
      break;
    case 7: {
      const r = h.run((image) => h.control.allocateProducerIds(image, { brokerId: broker, brokerEpoch: epochOf(broker) }));
      if (r.errorCode === 0) blocks.push([r.producerIdStart, r.producerIdLen]);
      break;
    }
    case 8:
      h.run((image) => h.control.deleteTopics(image, { topicNames: [`t${b % 4}`], topics: [] }));
      break;
    default:
      h.failover();
  }
}

test(`random driver histories keep the safety rules: no unclean leader, leaders active, ISR never empty, epochs move with leaders, unique producer ids (PROPERTY_SEED=${SEED})`, () => {
  console.log('control property seed', SEED);
  let steps = 0;
  const seen = new Map<string, number>();
  const count = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { minLength: 20, maxLength: 80 }), (history) => {
      const h = new Harness({ sessionTimeoutMs: 6000 }, seededRandom(history.length));
      h.addBrokers(1, 2, 3);
      h.createTopic('t0', 3, 3);
      const blocks: Array<[number, number]> = [];
      for (const s of history) {
        const before = h.image;
        step(h, s as Step, blocks);
        checkInvariants(before, h.image, blocks, h.log);
        steps++;
      }
      for (const { record: r } of h.log) {
        if (r.type === 'PartitionChange') count(r.leader === -2 ? 'isr change' : r.leader === -1 ? 'partition offline' : 'leader change');
        else if (r.type === 'BrokerRegistrationChange') count(r.fenced === 1 ? 'fence' : r.fenced === -1 ? 'unfence' : 'controlled shutdown');
        else count(r.type);
      }
    }),
    { seed: SEED, numRuns: 200 },
  );
  console.log(`control property: 200 histories, ${steps} steps, records: ${JSON.stringify(Object.fromEntries(seen))}`);
  for (const what of ['isr change', 'partition offline', 'leader change', 'fence', 'unfence', 'controlled shutdown', 'RegisterBroker', 'Topic', 'RemoveTopic', 'ProducerIds']) {
    assert.ok((seen.get(what) ?? 0) >= 20, `the histories must exercise ${what} (${seen.get(what) ?? 0} times)`);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeMetadataRecord, metadataRecord } from '@orderlab/metadata';
import { InvariantViolation, METADATA_RECORDS, MetadataMachine, Rng, factOf, runSeed, swarmOptions, type SimNode } from '../src';
import { Workload } from '../src/workload';

const fact = (...records: string[]) => factOf({ baseOffset: 0, epoch: 1, records: records.map((r) => Buffer.from(r)), control: false });

test('the committed log is checked by counts: no duplicates, no phantoms, every acknowledged id present', () => {
  const w = new Workload(new Rng(1), 3);
  const ids = [w.newId(), w.newId(), w.newId()];
  assert.deepEqual(w.verifyCommitted([fact(`${ids[0]}/0`, `${ids[0]}/1`), fact(`${ids[1]}/0`)]), { ids: 2 });
  assert.throws(() => w.verifyCommitted([fact(`${ids[0]}/0`), fact(`${ids[0]}/0`)]), (e: unknown) => e instanceof InvariantViolation && e.invariant === 'NoDuplicates');
  assert.throws(() => w.verifyCommitted([fact('p99/0')]), (e: unknown) => e instanceof InvariantViolation && e.invariant === 'NoPhantoms');
  w.acked.add(ids[2]!);
  assert.throws(() => w.verifyCommitted([fact(`${ids[0]}/0`)]), (e: unknown) => e instanceof InvariantViolation && e.invariant === 'AckedNotLost');
});

test('metadata proposals: valid records applied by libs/metadata, the proposal id found again in the committed log', () => {
  const machine = new MetadataMachine();
  const node = { sm: machine } as unknown as SimNode;
  const rng = new Rng(7);
  let offset = 0;
  const ids: string[] = [];
  for (let i = 0; i < 200; i++) {
    const id = `p${i}`;
    const records = METADATA_RECORDS.make(id, node, rng, 4);
    machine.apply({ baseOffset: offset, epoch: 1, records, control: false });
    offset += records.length;
    assert.deepEqual(METADATA_RECORDS.idsOf(records), [id]);
    ids.push(id);
  }
  assert.ok(machine.image.topicsById.size > 10 && machine.image.brokers.size > 0, 'the workload builds a real image');
  const restored = new MetadataMachine();
  restored.restore(machine.snapshot());
  assert.equal(restored.digest(), machine.digest(), 'a snapshot restores the same image at the same position');
});

test('a metadata record that does not apply is the MetadataApply invariant, not a silent skip', () => {
  const machine = new MetadataMachine();
  const topic = encodeMetadataRecord(metadataRecord('Topic', { name: 'x', topicId: Buffer.alloc(16, 1) }));
  machine.apply({ baseOffset: 0, epoch: 1, records: [topic], control: false });
  assert.throws(() => machine.apply({ baseOffset: 1, epoch: 1, records: [topic], control: false }), (e: unknown) => e instanceof InvariantViolation && e.invariant === 'MetadataApply');
});

test('half the swarm seeds run libs/metadata as the state machine, and they pass like the others', () => {
  const seeds = Array.from({ length: 40 }, (_, i) => i + 1).filter((s) => swarmOptions(s).stateMachine === 'metadata');
  assert.ok(seeds.length >= 10);
  for (const s of seeds.slice(0, 5)) {
    const r = runSeed(s);
    assert.ok(r.ok, `seed ${s}: ${r.failure?.message}`);
    assert.ok(r.stats.committedIds > 0);
  }
});

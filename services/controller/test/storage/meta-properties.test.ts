import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFileSystem } from '@orderlab/log-store';
import { INITIAL_HARD_STATE } from '@orderlab/raft';
import { loadOrCreateMetaProperties } from '../../src/storage/meta-properties';
import { QuorumStateFile } from '../../src/storage/quorum-state-file';

test('meta.properties: written on first start, then the cluster and node ids are checked', () => {
  const fs = new MemoryFileSystem();
  const first = loadOrCreateMetaProperties(fs, '/d', 1, 'AbCdEfGhIjKlMnOpQrStUv', 3);
  assert.equal(first.clusterId, 'AbCdEfGhIjKlMnOpQrStUv');
  assert.match(fs.readFile('/d/meta.properties')!.toString(), /^cluster\.id=AbCdEfGhIjKlMnOpQrStUv$/m);
  assert.deepEqual(loadOrCreateMetaProperties(fs, '/d', 1, undefined, 3), first, 'later starts may leave --cluster-id out');
  assert.throws(() => loadOrCreateMetaProperties(fs, '/d', 2, undefined, 3), /belongs to node 1/);
  assert.throws(() => loadOrCreateMetaProperties(fs, '/d', 1, 'anotherClusterId000000', 3), /belongs to cluster AbCdEfGhIjKlMnOpQrStUv/);
});

test('a new data dir of a multi-voter quorum needs --cluster-id (voters with their own ids would refuse each other forever)', () => {
  const fs = new MemoryFileSystem();
  assert.throws(() => loadOrCreateMetaProperties(fs, '/d', 1, undefined, 3), /give all of them the same --cluster-id/);
  assert.match(loadOrCreateMetaProperties(fs, '/single', 1, undefined, 1).clusterId, /^[A-Za-z0-9_-]{22}$/);
});

test('quorum-state: Kafka\'s JSON, replaced atomically; absent means the initial hard state; garbage is refused', () => {
  const fs = new MemoryFileSystem();
  const file = new QuorumStateFile(fs, '/d/quorum-state', [1, 2, 3]);
  assert.deepEqual(file.read(), INITIAL_HARD_STATE);
  file.write({ epoch: 7, votedId: 3, leaderId: -1 });
  fs.crash();
  assert.deepEqual(file.read(), { epoch: 7, votedId: 3, leaderId: -1 });
  assert.deepEqual(JSON.parse(fs.readFile('/d/quorum-state')!.toString()).currentVoters, [{ voterId: 1 }, { voterId: 2 }, { voterId: 3 }]);
  fs.writeFileAtomic('/d/quorum-state', Buffer.from('{"leaderEpoch":'));
  assert.throws(() => file.read(), /not JSON/);
});

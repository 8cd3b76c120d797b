import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LeaderTracker } from '../../src/metadata-follower/leader-tracker';
import { parseQuorumVoters, type VoterEndpoint } from '../../src/metadata-follower/quorum-voters';

const voters = parseQuorumVoters('1003@h:3,1001@h:1,1002@h:2') as VoterEndpoint[];

test('voters parse sorted by id; bad lists are refused with a reason', () => {
  assert.deepEqual(voters.map((v) => v.nodeId), [1001, 1002, 1003]);
  assert.match(parseQuorumVoters('') as string, /at least one/);
  assert.match(parseQuorumVoters('1@h') as string, /not id@host:port/);
  assert.match(parseQuorumVoters('1@h:1,1@h:2') as string, /duplicate/);
});

test('with no leader known, requests rotate over the voters, the first failure of a streak retrying at once', () => {
  const t = new LeaderTracker(voters);
  assert.equal(t.target().nodeId, 1001);
  assert.equal(t.failed(1001, 0.5), 0);
  assert.equal(t.target().nodeId, 1002);
  assert.ok(t.failed(1002, 0.5) > 0, 'a second failure in a row backs off');
  assert.equal(t.target().nodeId, 1003);
  t.failed(1003, 0.5);
  assert.equal(t.target().nodeId, 1001, 'wraps around');
});

test('a learnt leader is the target until it fails; an older epoch never replaces a newer one', () => {
  const t = new LeaderTracker(voters);
  const event = t.learn(1002, 5);
  assert.deepEqual(event, { type: 'leader-changed', from: { leaderId: -1, epoch: -1 }, to: { leaderId: 1002, epoch: 5 } });
  assert.equal(t.target().nodeId, 1002);
  assert.equal(t.learn(1001, 4), null, 'a deposed leader answering late is ignored');
  assert.equal(t.target().nodeId, 1002);
  assert.equal(t.learn(1002, 5), null, 'the same leader again is no change');
  t.failed(1002, 0.5);
  assert.deepEqual(t.leader, { leaderId: -1, epoch: 5 }, 'the epoch is kept when the leader is forgotten');
  assert.notEqual(t.target().nodeId, 1002, 'moves on to another voter');
  assert.ok(t.learn(1003, 6));
  assert.equal(t.target().nodeId, 1003);
});

test('an epoch without a leader (an election) rotates; success resets the backoff', () => {
  const t = new LeaderTracker(voters);
  t.learn(1001, 3);
  t.learn(-1, 4);
  assert.deepEqual(t.leader, { leaderId: -1, epoch: 4 });
  t.failed(1002, 0.5);
  t.failed(1003, 0.5);
  const long = t.failed(1001, 0.5);
  t.succeeded();
  assert.ok(t.failed(1001, 0.5) < long || long === 0);
});

test('listeners hear of each newly learnt leader (not of repeats, stale epochs or leaderless epochs) until they unsubscribe', () => {
  const t = new LeaderTracker(voters);
  const heard: number[] = [];
  const unsubscribe = t.onLeaderLearnt((l) => heard.push(l.leaderId));
  t.learn(1001, 3);
  t.learn(1001, 3);
  t.learn(1002, 2);
  t.learn(-1, 4);
  t.learn(1003, 4);
  unsubscribe();
  t.learn(1002, 5);
  assert.deepEqual(heard, [1001, 1003]);
});

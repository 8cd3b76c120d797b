import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeLeaderChange, encodeLeaderChange } from '../../src';

test('LeaderChange records round-trip; other bytes are not mistaken for one', () => {
  const lc = { leaderId: 2, voters: [1, 2, 3], grantingVoters: [2, 3] };
  assert.deepEqual(decodeLeaderChange(encodeLeaderChange(lc)), lc);
  for (const junk of ['', 'null', '{"leaderId":"x","voters":[],"grantingVoters":[]}', '[1,2]', '{']) {
    assert.equal(decodeLeaderChange(Buffer.from(junk)), undefined, junk);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BROKEN_DRIVER_SCENARIOS, replayCommand, runScenario, SCENARIOS } from '../../src';

const SEEDS = [1, 2, 3];

for (const scenario of SCENARIOS) {
  test(`scenario ${scenario.name}: ${scenario.summary}`, () => {
    for (const seed of SEEDS) {
      const r = runScenario(scenario, seed);
      assert.ok(r.ok, `seed ${seed}: ${r.failure?.message}\n  replay: ${replayCommand(seed)} --scenario ${scenario.name}`);
    }
  });
}

for (const scenario of BROKEN_DRIVER_SCENARIOS) {
  test(`broken driver is caught: ${scenario.name}`, () => {
    const results = [1, 2, 3, 4, 5].map((seed) => runScenario(scenario, seed));
    const caught = results.filter((r) => !r.ok);
    assert.ok(caught.length > 0, 'a driver that sends before fsync lost nothing: the checker missed it');
    for (const r of caught) assert.match(r.failure!.invariant, /LeaderCompleteness|CommittedNeverChanges|AckedNotLost|DurableCommitted|SingleLeaderPerEpoch/);
    console.log(`send-before-persist caught on ${caught.length}/5 seeds: ${caught[0]!.failure!.message}`);
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DedupeWindow } from '../src/dedupe-window';

test('order ids are remembered as long as the topic keeps records readable: retention.ms + segment.ms; DEDUPE_WINDOW_MS wins', () => {
  const w = new DedupeWindow(undefined);
  assert.equal(w.ms, 14 * 24 * 3600_000, "Kafka's defaults until the broker answers");
  assert.match(w.learn({ retentionMs: 60_000, segmentMs: 30_000 }), /retention.ms=60000 \+ segment.ms=30000/);
  assert.equal(w.ms, 90_000);
  assert.match(w.learn({ retentionMs: -1, segmentMs: 30_000 }), /forever/);
  assert.equal(w.ms, 90_000);
  const fixed = new DedupeWindow(5000);
  fixed.learn({ retentionMs: 60_000, segmentMs: 30_000 });
  assert.equal(fixed.ms, 5000);
});

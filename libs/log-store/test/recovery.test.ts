import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@orderlab/shared';
import { DEFAULT_LOG_CONFIG, FileLogStore, NodeFileSystem, type LogConfig } from '../src';
import { appendBatch, exactTimestamps } from './scenarios/log-scenarios';

const config: LogConfig = { ...DEFAULT_LOG_CONFIG, indexIntervalBytes: 1 };

/** A partition with three batches (offsets 0-4, 5-9, 10-14) left as a crash would leave it: no clean-shutdown marker. */
function crashedPartition(): { dir: string; segment: string; lastBatchStart: number; size: number } {
  const dir = mkdtempSync(join(tmpdir(), 'log-recovery-'));
  const store = new FileLogStore({ dir, fs: new NodeFileSystem(), clock: new ManualClock(0) });
  const log = store.open('t', 0, config);
  appendBatch(log, 5, 100);
  appendBatch(log, 5, 200);
  const lastBatchStart = log.sizeBytes();
  appendBatch(log, 5, 300);
  const segment = join(dir, 't-0', '00000000000000000000.log');
  return { dir, segment, lastBatchStart, size: statSync(segment).size };
}

function reopen(dir: string) {
  const store = new FileLogStore({ dir, fs: new NodeFileSystem(), clock: new ManualClock(0), recordTimestamps: exactTimestamps });
  return { store, log: store.open('t', 0, config) };
}

function assertEndsAtSecondBatch(dir: string, what: string): void {
  const { store, log } = reopen(dir);
  assert.equal(store.cleanStart, false, `${what}: recovery ran`);
  assert.equal(log.logEndOffset(), 10, `${what}: log end offset`);
  assert.equal(log.read(0, 1 << 20).chunks.reduce((n, c) => n + c.length, 0), statSync(join(dir, 't-0', '00000000000000000000.log')).size);
  assert.equal(log.offsetForTimestamp(203)?.offset, 8, `${what}: time index rebuilt`);
  assert.equal(log.offsetForTimestamp(300), null, `${what}: the lost batch is not found`);
  assert.equal(appendBatch(log, 1, 400), 10, `${what}: the next append reuses no offset`);
  store.close();
  const index = readFileSync(join(dir, 't-0', '00000000000000000000.index'));
  assert.equal(index.length, 24, `${what}: offset index rebuilt with one entry per surviving batch (and the new one)`);
}

test('a torn last batch (cut at every byte) is dropped; the log ends at the previous batch', () => {
  const base = crashedPartition();
  for (let cut = base.lastBatchStart; cut < base.size; cut++) {
    const dir = mkdtempSync(join(tmpdir(), 'log-cut-'));
    cpSync(base.dir, dir, { recursive: true });
    truncateSync(join(dir, 't-0', '00000000000000000000.log'), cut);
    assertEndsAtSecondBatch(dir, `cut at ${cut}`);
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(base.dir, { recursive: true, force: true });
});

test('a flipped byte inside the last batch fails its CRC; the batch is dropped', () => {
  const base = crashedPartition();
  for (const offsetInBatch of [21, 30, 61, base.size - base.lastBatchStart - 1]) {
    const dir = mkdtempSync(join(tmpdir(), 'log-flip-'));
    cpSync(base.dir, dir, { recursive: true });
    const file = join(dir, 't-0', '00000000000000000000.log');
    const bytes = readFileSync(file);
    bytes[base.lastBatchStart + offsetInBatch] ^= 0x40;
    writeFileSync(file, bytes);
    assertEndsAtSecondBatch(dir, `flip at +${offsetInBatch}`);
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(base.dir, { recursive: true, force: true });
});

test('after a clean shutdown the next start skips recovery and trusts the indexes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'log-clean-'));
  const store = new FileLogStore({ dir, fs: new NodeFileSystem(), clock: new ManualClock(0) });
  const log = store.open('t', 0, config);
  appendBatch(log, 5, 100);
  store.close();
  assert.ok(readdirSync(dir).includes('.clean-shutdown'));
  const again = reopen(dir);
  assert.equal(again.store.cleanStart, true);
  assert.ok(!readdirSync(dir).includes('.clean-shutdown'), 'the marker is consumed: a crash from now on is detected');
  assert.equal(again.log.logEndOffset(), 5);
  again.store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a MemoryFileSystem crash loses exactly the unsynced tail', async () => {
  const { MemoryFileSystem } = await import('../src');
  const fs = new MemoryFileSystem();
  const store = new FileLogStore({ dir: '/d', fs, clock: new ManualClock(0) });
  const log = store.open('t', 0, { ...config, flushMessages: 5 });
  appendBatch(log, 5, 1); // reaches flush.messages: fsynced
  appendBatch(log, 2, 2); // not yet
  fs.crash();
  const after = new FileLogStore({ dir: '/d', fs, clock: new ManualClock(0) }).open('t', 0, config);
  assert.equal(after.logEndOffset(), 5);
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeRecordBatch } from '@orderlab/kafka-protocol';
import { ManualClock } from '@orderlab/shared';
import { CountingFileSystem, DEFAULT_LOG_CONFIG, FileLogStore, MemoryFileSystem } from '../src';
import { RecentAppends } from '../src/recent-appends';

const bytes = (n: number, fill: number) => Buffer.alloc(n, fill);

describe('RecentAppends', () => {
  test('a read inside one append is a view of the appended buffer; across appends, one copy of exactly the range', () => {
    const r = new RecentAppends(1 << 20);
    const owner = {};
    const a = bytes(5000, 1);
    const b = bytes(5000, 2);
    r.add(owner, 0, a);
    r.add(owner, 5000, b);
    const inside = r.read(owner, 100, 200) as Buffer;
    assert.equal(inside.buffer, a.buffer, 'no copy');
    assert.equal(inside.byteOffset, a.byteOffset + 100);
    const across = r.read(owner, 4990, 20) as Buffer;
    assert.deepEqual([...across], [...Array(10).fill(1), ...Array(10).fill(2)]);
    assert.equal(r.read(owner, 9990, 20), undefined, 'past the end: not held');
    assert.equal(r.read({}, 0, 10), undefined, 'another file');
  });

  test('a truncation drops what it cut; an append that does not continue the file starts over', () => {
    const r = new RecentAppends(1 << 20);
    const owner = {};
    r.add(owner, 0, bytes(5000, 1));
    r.add(owner, 5000, bytes(5000, 2));
    r.truncate(owner, 5000);
    assert.equal(r.read(owner, 5000, 10), undefined, 'the cut bytes are gone');
    r.add(owner, 5000, bytes(5000, 3));
    assert.deepEqual([...(r.read(owner, 4999, 2) as Buffer)], [1, 3], 'the new bytes follow the kept ones');
    r.add(owner, 100, bytes(5000, 4)); // not where the file ended: nothing older can be trusted
    assert.equal(r.read(owner, 0, 10), undefined);
    assert.equal((r.read(owner, 100, 10) as Buffer)[0], 4);
    r.forget(owner);
    assert.equal(r.bytes, 0);
  });

  test('beyond the budget the oldest appends go first, whichever file they belong to', () => {
    const r = new RecentAppends(20_000);
    const x = {};
    const y = {};
    for (let i = 0; i < 10; i++) {
      r.add(i % 2 ? x : y, Math.floor(i / 2) * 5000, bytes(5000, i));
      assert.ok(r.bytes <= 20_000, `${r.bytes} charged`);
    }
    // kept: appends 6..9 (x: 7, 9 at 15000, 20000; y: 6, 8 at 15000, 20000)
    assert.equal(r.read(y, 10_000, 10), undefined);
    assert.equal((r.read(y, 15_000, 10) as Buffer)[0], 6);
    assert.equal((r.read(x, 20_000, 10) as Buffer)[0], 9);
  });

  test('a small view of a big buffer is copied rather than pinning the buffer, and charged its own size', () => {
    const r = new RecentAppends(1 << 20);
    const big = Buffer.alloc(64 * 1024, 7);
    r.add({}, 0, big.subarray(100, 300));
    assert.equal(r.bytes, 200);
    const owner = {};
    r.add(owner, 0, big.subarray(0, 40 * 1024)); // a large share of it: kept as is, charged the whole buffer
    assert.equal(r.bytes, 200 + 64 * 1024);
    assert.equal((r.read(owner, 0, 10) as Buffer).buffer, big.buffer);
  });
});

describe('a partition log answers reads of its latest appends from memory', () => {
  const batch = (n: number, tag: string) => encodeRecordBatch({ records: Array.from({ length: n }, (_, i) => ({ value: `${tag}-${i}-${'x'.repeat(100)}` })) });

  test('a read of what was just appended touches no file and returns the bytes written', () => {
    const fs = new CountingFileSystem(new MemoryFileSystem());
    const store = new FileLogStore({ dir: '/data', fs, clock: new ManualClock(0) });
    const log = store.open('t', 0, { ...DEFAULT_LOG_CONFIG, indexIntervalBytes: 1 });
    const written: Buffer[] = [];
    for (let i = 0; i < 20; i++) {
      const b = batch(50, `b${i}`);
      log.append(b, { leaderEpoch: 1 });
      written.push(b);
    }
    fs.reset();
    const r = log.read(15 * 50, 1 << 20);
    assert.equal(fs.counts.reads, 0, 'no read(2)');
    assert.deepEqual(Buffer.concat(r.chunks), Buffer.concat(written.slice(15)));
    store.close();
  });

  test('after a truncation and different appends at the same offsets, reads return the new bytes', () => {
    const fs = new CountingFileSystem(new MemoryFileSystem());
    const store = new FileLogStore({ dir: '/data', fs, clock: new ManualClock(0) });
    const log = store.open('t', 0, { ...DEFAULT_LOG_CONFIG, indexIntervalBytes: 1 });
    for (let i = 0; i < 5; i++) log.append(batch(10, `old${i}`), { leaderEpoch: 1 });
    log.truncateTo(20);
    const fresh = [batch(10, 'new0'), batch(10, 'new1'), batch(10, 'new2')];
    for (const b of fresh) log.appendReplicated(Buffer.from(stamped(b, log.logEndOffset(), 2)));
    const r = log.read(20, 1 << 20);
    assert.deepEqual(Buffer.concat(r.chunks), Buffer.concat(fresh));
    store.close();
  });
});

/** A batch as a follower receives it: base offset and leader epoch already set by the leader. */
function stamped(b: Buffer, baseOffset: number, epoch: number): Buffer {
  b.writeBigInt64BE(BigInt(baseOffset), 0);
  b.writeInt32BE(epoch, 12);
  return b;
}

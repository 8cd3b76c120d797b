import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../src';

test('a full disk takes what fits, then fails the write with ENOSPC (a short write)', () => {
  const fs = new MemoryFileSystem();
  fs.capacity = 10;
  const f = fs.open('/d/a');
  f.append(Buffer.alloc(6));
  assert.throws(() => f.append(Buffer.alloc(6)), { code: 'ENOSPC' });
  assert.equal(f.size(), 10, 'the prefix that fit is in the file');
  assert.throws(() => fs.writeFileAtomic('/d/b', Buffer.alloc(1)), { code: 'ENOSPC' });
  assert.equal(fs.exists('/d/b'), false);
});

test('injected faults hit the named operation and path the given number of times', () => {
  const fs = new MemoryFileSystem();
  fs.inject({ op: 'append', code: 'EIO', pathIncludes: '.log', writtenBefore: 3 });
  fs.inject({ op: 'sync', code: 'EIO', times: Infinity });
  const log = fs.open('/d/0.log');
  const other = fs.open('/d/0.index');
  other.append(Buffer.alloc(4));
  assert.throws(() => log.append(Buffer.alloc(8)), { code: 'EIO', syscall: 'write' });
  assert.equal(log.size(), 3);
  log.append(Buffer.alloc(8));
  assert.equal(log.size(), 11, 'the fault was used up');
  for (let i = 0; i < 3; i++) assert.throws(() => log.sync(), { code: 'EIO' });
  fs.clearFaults();
  log.sync();
});

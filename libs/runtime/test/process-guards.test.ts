import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BUG_EXIT_CODE, BUG_MARKER } from '../src';

const CHILD = join(__dirname, 'fixtures', 'guarded-child.js');

function run(mode: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

test('an unhandled rejection is logged as a bug, with its stack, and the process exits 70', async () => {
  const { code, stderr } = await run('reject');
  assert.equal(code, BUG_EXIT_CODE);
  assert.match(stderr, new RegExp(`guarded-child: ${BUG_MARKER} unhandled rejection: Error: nobody awaited me`));
  assert.match(stderr, /guarded-child\.js/, 'the stack says where');
});

test('an uncaught exception likewise', async () => {
  const { code, stderr } = await run('throw');
  assert.equal(code, BUG_EXIT_CODE);
  assert.match(stderr, /uncaught exception: Error: thrown from a timer/);
});

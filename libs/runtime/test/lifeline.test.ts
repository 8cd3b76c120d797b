import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { LIFELINE_ENV } from '../src';

const CHILD = join(__dirname, 'fixtures', 'guarded-child.js');

function started(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; out: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [CHILD, 'wait'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`child never got ready: ${out}`)), 10_000);
    child.stdout?.on('data', () => {
      if (!out.includes('ready')) return;
      clearTimeout(deadline);
      resolve({ child, out: () => out, exited });
    });
  });
}

test('with the lifeline set, a child shuts down gracefully once its launcher\'s end of the pipe closes', async () => {
  const { child, out, exited } = await started({ [LIFELINE_ENV]: 'stdin' });
  assert.match(out(), /ready watching=true/);
  child.stdin?.end(); // what the kernel does for a launcher that died, SIGKILL included
  assert.equal(await exited, 0);
  assert.match(out(), /the launcher is gone \(its lifeline pipe closed\)/);
  assert.match(out(), /graceful shutdown/);
});

test('without it, a closed stdin means nothing (a process started by hand or by a container stays up)', async () => {
  const { child, out, exited } = await started({ [LIFELINE_ENV]: '' });
  assert.match(out(), /ready watching=false/);
  child.stdin?.end();
  const stillRunning = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 500))]);
  assert.equal(stillRunning, true);
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});

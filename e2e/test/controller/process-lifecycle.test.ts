import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CONTROLLER_MAIN, ControllerProcess, freePort, newClusterId, waitFor } from '../../src';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the controller process: configuration, parents, hostile bytes', () => {
  const dirs: string[] = [];
  const started = Date.now();
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    console.log(`controller process suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('a bad configuration is refused at boot with exit code 2 and a message naming the field', async () => {
    const run = (args: string[]) => promisify(execFile)(process.execPath, [CONTROLLER_MAIN, ...args]).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    const bad = await run(['--node-id', '4', '--voters', '1@127.0.0.1:9093', '--data-dir', '/tmp/nowhere']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /invalid configuration: voters must include this node \(4\)/);
    const badVoters = await run(['--node-id', '1', '--voters', '1@nohost', '--data-dir', '/tmp/nowhere']);
    assert.equal(badVoters.code, 2);
    assert.match(badVoters.stderr, /"1@nohost" is not id@host:port/);
  });

  test('a data dir of another cluster is refused', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'controller-dir-'));
    dirs.push(dataDir);
    const first = await new ControllerProcess({ nodeId: 1, voters: `1@127.0.0.1:${port}`, clusterId: newClusterId(), dataDir }).start();
    await first.kill('SIGTERM');
    const other = new ControllerProcess({ nodeId: 1, voters: `1@127.0.0.1:${port}`, clusterId: newClusterId(), dataDir });
    await assert.rejects(other.start(), /belongs to cluster/);
  });

  test('when its parent dies (SIGKILL, no chance to clean up), the controller exits by itself', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'controller-orphan-'));
    dirs.push(dataDir);
    const launcher = `const c = require('node:child_process').spawn(process.execPath, ${JSON.stringify([CONTROLLER_MAIN, '--node-id', '1', '--voters', `1@127.0.0.1:${port}`, '--data-dir', dataDir, '--http-port', '-1'])}, { stdio: ['ignore', 'inherit', 'inherit'] }); console.log('CHILD ' + c.pid); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', launcher], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    parent.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const childPid = Number((await waitFor(() => /CHILD (\d+)[\s\S]*"ready":true/.exec(out) ?? undefined, { timeoutMs: 15_000, description: 'the controller under a launcher' }))[1]);
    parent.kill('SIGKILL');
    await waitFor(() => !alive(childPid), { timeoutMs: 10_000, description: `controller ${childPid} to exit after its parent died` });
  });

  test('garbage on the Kafka port closes that connection only; the controller keeps serving', async () => {
    const port = await freePort();
    const c = new ControllerProcess({ nodeId: 1, voters: `1@127.0.0.1:${port}`, clusterId: newClusterId() });
    try {
      await c.start();
      await new Promise<void>((resolve) => {
        const s = connect(port, '127.0.0.1', () => s.write(Buffer.from('00000010deadbeefdeadbeefdeadbeefdeadbeef', 'hex')));
        s.on('close', () => resolve());
        s.on('error', () => undefined);
      });
      await waitFor(async () => (await c.quorum()).role === 'leader', { timeoutMs: 10_000, description: 'the single voter leads' });
      assert.ok(c.alive);
      assert.match(c.logs, /closing connection/);
    } finally {
      await c.dispose();
    }
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { Launcher, LinePrefixer, type ProcessSpec } from '../../src/launcher';

const sink = () => {
  const s = new PassThrough();
  let text = '';
  s.on('data', (d: Buffer) => (text += d.toString()));
  return { stream: s, text: () => text };
};

/** Wait for a condition, failing after a deadline. */
async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A Node child that prints "up", ignores SIGTERM when asked to, and otherwise runs until signalled. */
const child = (name: string, o: { ignoreTerm?: boolean; stopTier?: number } = {}): ProcessSpec => ({
  name,
  command: process.execPath,
  args: ['-e', `${o.ignoreTerm ? "process.on('SIGTERM', () => console.log('ignoring SIGTERM'));" : ''} console.log('up'); setInterval(() => {}, 1000);`],
  stopTier: o.stopTier ?? 0,
  watchesLifeline: true,
});

test('output lines get the child\'s name; a partial line waits for its end', () => {
  const out = sink();
  const p = new LinePrefixer('[x] ', out.stream);
  p.push('one\ntw');
  p.push('o\nthr');
  p.flush();
  assert.equal(out.text(), '[x] one\n[x] two\n[x] thr\n');
});

test('stopAll is bounded: a child ignoring SIGTERM is SIGKILLed after the grace period, the others stop in parallel', async () => {
  const out = sink();
  const launcher = new Launcher({ out: out.stream, err: out.stream, graceMs: 1500 });
  const stubborn = launcher.start(child('stubborn', { ignoreTerm: true }));
  const polite = [launcher.start(child('a')), launcher.start(child('b'))];
  await until(() => ['stubborn', 'a', 'b'].every((n) => out.text().includes(`[${n}] up`)), 'the children to start');
  const started = Date.now();
  await launcher.stopAll();
  const took = Date.now() - started;
  assert.equal((await stubborn.exited).signal, 'SIGKILL');
  for (const p of polite) assert.equal((await p.exited).signal, 'SIGTERM');
  assert.ok(took >= 1400 && took < 5000, `bounded by the grace period, not by the number of children: ${took} ms`);
});

test('a child that already died by a signal does not stall the shutdown; tiers stop in order', async () => {
  const out = sink();
  const unexpected: string[] = [];
  const launcher = new Launcher({ out: out.stream, err: out.stream, graceMs: 5000, onUnexpectedExit: (name, exit) => unexpected.push(`${name}:${exit.signal}`) });
  const service = launcher.start(child('service', { stopTier: 0 }));
  const broker = launcher.start(child('broker', { stopTier: 1 }));
  const dead = launcher.start(child('dead', { stopTier: 0 }));
  await until(() => ['dead', 'broker', 'service'].every((n) => out.text().includes(`[${n}] up`)), 'the children to start');
  dead.signal('SIGKILL');
  await dead.exited;
  assert.deepEqual(unexpected, ['dead:SIGKILL']);
  const order: string[] = [];
  void service.exited.then(() => order.push('service'));
  void broker.exited.then(() => order.push('broker'));
  const started = Date.now();
  await launcher.stopAll();
  assert.ok(Date.now() - started < 3000, 'no wait for the dead child');
  assert.deepEqual(order, ['service', 'broker']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueueFullError, SendBatcher, type SendSteps } from '../../src/outbox/send-batcher';

/** Sends the test controls: each send waits for release(), and fails while `failing` > 0. */
class Steps implements SendSteps<string, string> {
  readonly prepared: string[][] = [];
  readonly sent: string[][] = [];
  failing = 0;
  failPrepare = false;
  private gate: (() => void) | null = null;
  private gated = true;

  async prepare(items: string[]): Promise<void> {
    if (this.failPrepare) throw new Error('Redis down');
    this.prepared.push(items);
  }

  async send(items: string[]): Promise<string[]> {
    if (this.gated) await new Promise<void>((r) => (this.gate = r));
    this.sent.push(items);
    if (this.failing-- > 0) throw new Error('outcome unknown');
    return items.map((i) => `${i}@ok`);
  }

  retryDelayMs(): number {
    return 1;
  }

  release(all = false): void {
    if (all) this.gated = false;
    this.gate?.();
    this.gate = null;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 5));

test('at the deadline: an item still queued is withdrawn (never sent), one already sending is pending and settles later', async () => {
  const steps = new Steps();
  const b = new SendBatcher(steps, { lingerMs: 0, maxQueued: 10 });
  const first = b.submit('a', 30);
  await tick();
  const second = b.submit('b', 30);
  const [a, bAnswer] = await Promise.all([first, second]);
  assert.equal(a.kind, 'pending');
  assert.equal(bAnswer.kind, 'cancelled');
  steps.release(true);
  assert.equal(a.kind === 'pending' && (await a.settled), 'a@ok');
  await b.close(1000);
  assert.deepEqual(steps.sent, [['a']], '"b" never went out');
});

test('a failed send (outcome unknown) is sent again, the same items, until it is acknowledged', async () => {
  const steps = new Steps();
  steps.failing = 2;
  steps.release(true);
  const b = new SendBatcher(steps, { lingerMs: 0, maxQueued: 10 });
  const answer = await b.submit('x', 5000);
  assert.deepEqual(answer, { kind: 'done', result: 'x@ok' });
  assert.deepEqual(steps.sent, [['x'], ['x'], ['x']]);
  assert.deepEqual(steps.prepared, [['x']], 'prepared once');
});

test('the queue is bounded (back-pressure), and a failing prepare fails its batch unsent', async () => {
  const steps = new Steps();
  const b = new SendBatcher(steps, { lingerMs: 0, maxQueued: 2 });
  void b.submit('in-flight', 1000);
  await tick();
  void b.submit('q1', 1000);
  void b.submit('q2', 1000);
  await assert.rejects(b.submit('q3', 1000), QueueFullError);
  steps.release(true);
  await b.close(1000);
  const failing = new Steps();
  failing.failPrepare = true;
  await assert.rejects(new SendBatcher(failing, { lingerMs: 0, maxQueued: 2 }).submit('y', 1000), /Redis down/);
  assert.deepEqual(failing.sent, []);
});

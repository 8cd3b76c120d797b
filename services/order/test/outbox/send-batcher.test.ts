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

test('an acknowledged batch is answered after its `acknowledged` step, which overlaps the next batch; sends never overlap', async () => {
  const log: string[] = [];
  let sendsInFlight = 0;
  const finishGates: Array<() => void> = [];
  const steps: SendSteps<string, string> = {
    prepare: async (items) => void log.push(`prepare ${items.join(',')}`),
    send: async (items) => {
      assert.equal(++sendsInFlight, 1, 'one send at a time');
      await tick();
      sendsInFlight--;
      log.push(`sent ${items.join(',')}`);
      return items.map((i) => `${i}@ok`);
    },
    acknowledged: async (items) => {
      log.push(`acknowledged ${items.join(',')}`);
      await new Promise<void>((r) => finishGates.push(r));
      log.push(`recorded ${items.join(',')}`);
    },
    retryDelayMs: () => 1,
  };
  const b = new SendBatcher(steps, { lingerMs: 0, maxQueued: 10 });
  let aAnswered = false;
  const a = b.submit('a', 5000).then((x) => ((aAnswered = true), x));
  await tick();
  const c = b.submit('c', 5000);
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(log, ['prepare a', 'sent a', 'acknowledged a', 'prepare c', 'sent c', 'acknowledged c'], '"c" was prepared and sent while "a" was being recorded');
  assert.equal(aAnswered, false, '"a" is answered only once its acknowledged step is done');
  assert.equal(b.unacknowledged, 2);
  const closed = b.close(5000);
  finishGates.forEach((r) => r());
  assert.deepEqual(await a, { kind: 'done', result: 'a@ok' });
  assert.deepEqual(await c, { kind: 'done', result: 'c@ok' });
  assert.equal(await closed, 0, 'close waited for both acknowledged steps');
  assert.equal(b.unacknowledged, 0);
});

test('an `acknowledged` step that fails does not fail its items: they were acknowledged', async () => {
  const b = new SendBatcher<string, string>(
    {
      prepare: async () => undefined,
      send: async (items) => items.map((i) => `${i}@ok`),
      acknowledged: () => {
        throw new Error('Redis down');
      },
      retryDelayMs: () => 1,
    },
    { lingerMs: 0, maxQueued: 10 },
  );
  assert.deepEqual(await b.submit('x', 1000), { kind: 'done', result: 'x@ok' });
  assert.equal(await b.close(1000), 0);
});

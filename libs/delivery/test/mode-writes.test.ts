import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyAsModeSays, type ApplyContext, type ModeWrites } from '../src/mode-writes';
import type { ProcessOutcome } from '../src/position-store';

function recordingStore() {
  const calls: string[] = [];
  const write = (name: string) => async (item: string): Promise<ProcessOutcome> => {
    calls.push(`${name}:${item}`);
    return { kind: 'applied' };
  };
  const store: ModeWrites<string> = { applyExactlyOnce: write('exactly-once'), applyIdempotent: write('idempotent'), applyPlain: write('plain') };
  return { store, calls };
}

const ctx = {} as ApplyContext;

test('each delivery mode picks its write: exactly-once the offset-checked one, at-least-once idempotent or plain as configured, at-most-once plain', async () => {
  const cases = [
    [{ mode: 'exactly-once', idempotentWrites: true }, 'exactly-once:o'],
    [{ mode: 'exactly-once', idempotentWrites: false }, 'exactly-once:o'],
    [{ mode: 'at-least-once', idempotentWrites: true }, 'idempotent:o'],
    [{ mode: 'at-least-once', idempotentWrites: false }, 'plain:o'],
    [{ mode: 'at-most-once', idempotentWrites: true }, 'plain:o'],
  ] as const;
  for (const [settings, expected] of cases) {
    const { store, calls } = recordingStore();
    assert.deepEqual(await applyAsModeSays(store, 'o', ctx, settings), { kind: 'applied' });
    assert.deepEqual(calls, [expected], `${settings.mode}, idempotentWrites=${settings.idempotentWrites}`);
  }
});

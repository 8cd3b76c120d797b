/**
 * The simulation from the command line (compiled JS; `npm run sim -- …`):
 *   --seeds N [--from S]          soak N swarm seeds (default 1000 from 1)
 *   --seed S                      replay one swarm seed
 *   --scenario NAME [--seed S]    run a named scenario (on seeds 1..10 unless --seed)
 *   --scenarios                   list the named scenarios
 *   --trace                       print every event (with --seed)
 *   --send-before-persist         run with the broken driver, to watch the checker catch it
 * A failing seed prints the exact command that replays it.
 */
import { BROKEN_DRIVER_SCENARIOS, findScenario, replayCommand, runScenario, runSeed, SCENARIOS, type RunResult, type SimOptions } from '../src';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const flag = (name: string) => process.argv.includes(`--${name}`);

function overrides(): Partial<SimOptions> {
  return {
    ...(flag('trace') ? { trace: (line: string) => console.log(line) } : {}),
    ...(flag('send-before-persist') ? { sendBeforePersist: true } : {}),
  };
}

function printFailure(r: RunResult, replay: string): void {
  console.error(`\nFAIL seed ${r.seed}: ${r.failure!.invariant} at ${r.failure!.atMs.toFixed(1)} ms`);
  console.error(r.failure!.message);
  console.error(`last events:\n  ${r.failure!.recentEvents.join('\n  ')}`);
  console.error(`replay: ${replay}`);
}

function replay(seed: number): number {
  const r = runSeed(seed, overrides());
  console.log(JSON.stringify({ seed, ok: r.ok, ...r.stats }));
  if (!r.ok) printFailure(r, replayCommand(seed) + (flag('send-before-persist') ? ' --send-before-persist' : ''));
  return r.ok ? 0 : 1;
}

function soak(count: number, from: number): number {
  const started = Date.now();
  let events = 0;
  let failed = 0;
  for (let seed = from; seed < from + count; seed++) {
    const r = runSeed(seed, overrides());
    events += r.stats.events;
    if (!r.ok) {
      failed++;
      printFailure(r, replayCommand(seed) + (flag('send-before-persist') ? ' --send-before-persist' : ''));
    }
    if ((seed - from + 1) % 500 === 0) console.log(`  ${seed - from + 1}/${count} seeds`);
  }
  const secs = (Date.now() - started) / 1000;
  console.log(
    `${count} seeds (${from}..${from + count - 1}) in ${secs.toFixed(1)} s: ${(count / secs).toFixed(1)} seeds/s, ` +
      `${Math.round(events / secs).toLocaleString('en-US')} simulated events/s, ${failed} failed`,
  );
  return failed === 0 ? 0 : 1;
}

function scenario(name: string, seed: string | undefined): number {
  const s = findScenario(name);
  if (!s) {
    console.error(`unknown scenario ${name}; --scenarios lists them`);
    return 2;
  }
  const seeds = seed !== undefined ? [Number(seed)] : Array.from({ length: 10 }, (_, i) => i + 1);
  let failed = 0;
  for (const n of seeds) {
    const r = runScenario({ ...s, options: (x) => ({ ...s.options(x), ...overrides() }) }, n);
    console.log(`${s.name} seed ${n}: ${r.ok ? 'ok' : 'FAIL'} ${JSON.stringify(r.stats)}`);
    if (!r.ok) {
      failed++;
      printFailure(r, `npm run sim -- --scenario ${s.name} --seed ${n}`);
    }
  }
  return failed === 0 ? 0 : 1;
}

function list(): number {
  for (const s of SCENARIOS) console.log(`${s.name.padEnd(40)} ${s.summary}`);
  for (const s of BROKEN_DRIVER_SCENARIOS) console.log(`${s.name.padEnd(40)} ${s.summary} (expected to fail)`);
  return 0;
}

function main(): number {
  const seed = arg('seed');
  const name = arg('scenario');
  if (flag('scenarios')) return list();
  if (name !== undefined) return scenario(name, seed);
  if (seed !== undefined) return replay(Number(seed));
  return soak(Number(arg('seeds') ?? 1000), Number(arg('from') ?? 1));
}

process.exitCode = main();

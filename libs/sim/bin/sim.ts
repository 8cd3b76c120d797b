/**
 * `npm run sim -- --seeds N [--from S]` runs a soak of swarm seeds; `npm run sim -- --seed S`
 * replays one seed (add --trace to print every event). A failing seed prints its replay command.
 */
import { replayCommand, runSeed, type RunResult } from '../src';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function printFailure(r: RunResult): void {
  console.error(`\nFAIL seed ${r.seed}: ${r.failure!.invariant} at ${r.failure!.atMs.toFixed(1)} ms`);
  console.error(r.failure!.message);
  console.error(`last events:\n  ${r.failure!.recentEvents.join('\n  ')}`);
  console.error(`replay: ${replayCommand(r.seed)}`);
}

function replay(seed: number): number {
  const r = runSeed(seed, process.argv.includes('--trace') ? { trace: (line) => console.log(line) } : {});
  console.log(JSON.stringify({ seed, ok: r.ok, ...r.stats }));
  if (!r.ok) printFailure(r);
  return r.ok ? 0 : 1;
}

function soak(count: number, from: number): number {
  const started = Date.now();
  let events = 0;
  let failed = 0;
  for (let seed = from; seed < from + count; seed++) {
    const r = runSeed(seed);
    events += r.stats.events;
    if (!r.ok) {
      failed++;
      printFailure(r);
    }
    if ((seed - from + 1) % 100 === 0) process.stdout.write(`  ${seed - from + 1}/${count} seeds\n`);
  }
  const secs = (Date.now() - started) / 1000;
  console.log(
    `${count} seeds (${from}..${from + count - 1}) in ${secs.toFixed(1)} s: ${(count / secs).toFixed(1)} seeds/s, ` +
      `${Math.round(events / secs).toLocaleString('en-US')} simulated events/s, ${failed} failed`,
  );
  return failed === 0 ? 0 : 1;
}

const seed = arg('seed');
process.exitCode = seed !== undefined ? replay(Number(seed)) : soak(Number(arg('seeds') ?? 1000), Number(arg('from') ?? 1));

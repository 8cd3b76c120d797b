#!/usr/bin/env node
// Runs the compiled test suites with node's built-in test runner and prints each suite's duration.
// Usage: node scripts/run-tests.mjs unit|e2e|all [name-filter]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const [, , which = 'all', filter] = process.argv;

function findTests(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (entry.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

function workspaceDirs() {
  const dirs = [];
  for (const group of ['libs', 'services', 'tools']) {
    for (const name of readdirSync(join(root, group))) dirs.push(join(root, group, name));
  }
  return dirs;
}

const suites = {
  unit: () => workspaceDirs().flatMap((d) => findTests(join(d, 'dist', 'test'))),
  e2e: () => findTests(join(root, 'e2e', 'dist', 'test')),
};

function runSuite(name) {
  let files = suites[name]();
  if (filter) files = files.filter((f) => f.includes(filter));
  if (files.length === 0) {
    console.log(`[${name}] no test files${filter ? ` matching "${filter}"` : ''}`);
    return true;
  }
  const concurrency = name === 'e2e' ? '1' : '2';
  console.log(`\n[${name}] ${files.length} files`);
  const started = Date.now();
  const res = spawnSync(
    process.execPath,
    // --test-force-exit: client libraries (kafkajs) can leave retry timers behind after a test
    // disconnected them; a finished file must not hang the run. --test-timeout bounds any test.
    ['--test', `--test-concurrency=${concurrency}`, '--test-force-exit', `--test-timeout=${name === 'e2e' ? 600_000 : 300_000}`, '--test-reporter=spec', ...files],
    { stdio: 'inherit', cwd: root, env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1' } },
  );
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`[${name}] ${res.status === 0 ? 'passed' : 'FAILED'} in ${secs}s (${files.map((f) => relative(root, f)).length} files)`);
  return res.status === 0;
}

const order = which === 'all' ? ['unit', 'e2e'] : [which];
const started = Date.now();
let ok = true;
for (const s of order) {
  if (!suites[s]) {
    console.error(`unknown suite ${s}`);
    process.exit(2);
  }
  ok = runSuite(s) && ok;
}
console.log(`\nall suites ${ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
process.exit(ok ? 0 : 1);

#!/usr/bin/env node
// node lifeline-wrapper.js <name> <command> [args…]: runs a command that cannot watch a
// lifeline pipe itself (redis-server), and stops it when the launcher's pipe closes.
import { spawn } from 'node:child_process';
import { exitWhenLauncherGone, installProcessGuards } from '@orderlab/runtime';

const [name = 'child', command, ...args] = process.argv.slice(2);
installProcessGuards(`${name} (lifeline wrapper)`);
if (!command) {
  process.stderr.write('usage: lifeline-wrapper <name> <command> [args…]\n');
  process.exit(2);
}
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
child.on('error', (e) => {
  process.stderr.write(`${name}: could not start ${command}: ${e.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15)));
const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
process.on('SIGTERM', forward('SIGTERM'));
process.on('SIGINT', forward('SIGINT'));
exitWhenLauncherGone(name, {
  graceMs: 6000,
  onGone: () => {
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  },
});

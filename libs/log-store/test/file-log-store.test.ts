import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { FileLogStore, MemoryFileSystem, NodeFileSystem } from '../src';
import { exactTimestamps, runLogScenarios } from './scenarios/log-scenarios';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let nodeDir = '';
runLogScenarios('FileLogStore on real files', {
  create(clock, hook) {
    nodeDir = mkdtempSync(join(tmpdir(), 'log-store-'));
    dirs.push(nodeDir);
    return new FileLogStore({ dir: nodeDir, fs: new NodeFileSystem(), clock, recordTimestamps: hook ? exactTimestamps : undefined });
  },
  reopen(clock, hook) {
    return new FileLogStore({ dir: nodeDir, fs: new NodeFileSystem(), clock, recordTimestamps: hook ? exactTimestamps : undefined });
  },
});

let memory = new MemoryFileSystem();
runLogScenarios('FileLogStore over MemoryFileSystem', {
  create(clock, hook) {
    memory = new MemoryFileSystem();
    return new FileLogStore({ dir: '/data', fs: memory, clock, recordTimestamps: hook ? exactTimestamps : undefined });
  },
  reopen(clock, hook) {
    return new FileLogStore({ dir: '/data', fs: memory, clock, recordTimestamps: hook ? exactTimestamps : undefined });
  },
});

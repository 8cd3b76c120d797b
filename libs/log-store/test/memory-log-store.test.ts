import { MemoryLogStore, type MemoryFileSystem } from '../src';
import { exactTimestamps, runLogScenarios } from './scenarios/log-scenarios';

let disk: MemoryFileSystem | undefined;
runLogScenarios('MemoryLogStore', {
  create(clock, hook) {
    const store = new MemoryLogStore({ clock, recordTimestamps: hook ? exactTimestamps : undefined });
    disk = store.memory;
    return store;
  },
  reopen(clock, hook) {
    return new MemoryLogStore({ clock, recordTimestamps: hook ? exactTimestamps : undefined, fs: disk });
  },
});

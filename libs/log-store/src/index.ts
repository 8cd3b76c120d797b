export * from './log-types';
export * from './file-system-port';
export * from './node-file-system';
export * from './memory-file-system';
export * from './file-partition-log';
export * from './file-log-store';
export * from './memory-log-store';
export { segmentName } from './segment-files';
export * from './counting-file-system';

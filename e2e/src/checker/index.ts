export * from './history';
export * from './history-checker';
export * from './replica-logs';
export * from './recording-producer';
export * from './collect';

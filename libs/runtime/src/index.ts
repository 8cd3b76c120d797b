export * from './process-guards';
export * from './lifeline';
export * from './log-destination';

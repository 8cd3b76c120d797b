export * from './process-guards';
export * from './lifeline';

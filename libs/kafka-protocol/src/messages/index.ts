export * from './api-versions/schema';
export * from './registry';

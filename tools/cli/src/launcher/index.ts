export * from './launcher';
export * from './managed-child';
export * from './line-prefixer';

export * from './coded-error';
export * from './result';
export * from './ids';
export * from './clock';
export * from './logger';
export * from './cluster-layout';

export * from './server/handler';
export * from './server/dispatcher';
export * from './server/connection';
export * from './server/kafka-server';

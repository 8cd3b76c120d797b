export * from './delivery-config';
export * from './crash-injector';
export * from './consumed-record';
export * from './event-consumer.port';
export * from './delivery-runner';
export * from './kafkajs-event-consumer';
export * from './offset-guard';

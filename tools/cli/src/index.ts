export * from './raw-kafka-client';

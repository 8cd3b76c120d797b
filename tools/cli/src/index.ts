export * from './raw-kafka-client';
export * from './demo-orders/post-orders';
export * from './demo-orders/order-generator';

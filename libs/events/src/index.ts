export * from './topics';
export * from './order-placed';
export * from './event-codec';

export { startBroker, type RunningBroker } from './broker';
export { buildBrokerConfig, DEFAULT_BROKER_CONFIG, type BrokerConfig } from './config/broker-config';

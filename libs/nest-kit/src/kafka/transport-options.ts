import type { KafkaOptions } from '@nestjs/microservices';
import { logLevel } from 'kafkajs';
import { consumerClientId, groupConsumerConfig } from '@orderlab/delivery';
import type { ConsumerServiceConfig } from '../consumer-service.tokens';

/**
 * The transport's options: the group id as configured (postfixId '' — Nest would append
 * "-server"), auto-commit off (the delivery logic commits after the Redis step), values kept
 * as bytes (keepBinary: the event codec validates them), every partition read from the
 * beginning when the group has no committed offset.
 */
export function consumerTransportOptions(c: ConsumerServiceConfig): Required<KafkaOptions>['options'] {
  return {
    postfixId: '',
    client: { clientId: consumerClientId({ env: c, groupId: c.GROUP_ID }), brokers: c.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 200 } },
    consumer: groupConsumerConfig(c, c.GROUP_ID),
    subscribe: { fromBeginning: true },
    run: { autoCommit: false },
    parser: { keepBinary: true },
    // The server's producer (for request-reply) is unused by an event consumer; allowAutoTopicCreation off like every client here.
    producer: { allowAutoTopicCreation: false },
  };
}

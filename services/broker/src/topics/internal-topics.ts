import { CONSUMER_OFFSETS_TOPIC } from '@orderlab/kafka-protocol';

export const TRANSACTION_STATE_TOPIC = '__transaction_state';

/** Kafka's Topic.isInternal: the coordinators' own topics, by name (a user topic may still start with "__"). */
const INTERNAL_TOPICS: ReadonlySet<string> = new Set([CONSUMER_OFFSETS_TOPIC, TRANSACTION_STATE_TOPIC]);

export function isInternalTopic(name: string): boolean {
  return INTERNAL_TOPICS.has(name);
}

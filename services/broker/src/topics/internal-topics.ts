import { CONSUMER_OFFSETS_TOPIC } from '@orderlab/kafka-protocol';
import type { TopicConfigOverrides } from './topic-config';

export const TRANSACTION_STATE_TOPIC = '__transaction_state';

/** Kafka's Topic.isInternal: the coordinators' own topics, by name (a user topic may still start with "__"). */
const INTERNAL_TOPICS: ReadonlySet<string> = new Set([CONSUMER_OFFSETS_TOPIC, TRANSACTION_STATE_TOPIC]);

export function isInternalTopic(name: string): boolean {
  return INTERNAL_TOPICS.has(name);
}

/**
 * Settings an internal topic cannot work without. __consumer_offsets is kept bounded by
 * snapshot-and-truncate instead of Kafka's compaction, so retention must never delete it:
 * it holds the only copy of idle groups' offsets.
 */
const REQUIRED_CONFIGS: Readonly<Record<string, TopicConfigOverrides>> = {
  [CONSUMER_OFFSETS_TOPIC]: { 'retention.ms': '-1', 'retention.bytes': '-1', 'cleanup.policy': 'delete' },
};

export function requiredConfigs(topic: string): TopicConfigOverrides {
  return REQUIRED_CONFIGS[topic] ?? {};
}

/**
 * The overrides to store for a topic, given what CreateTopics / AlterConfigs asked for:
 * a required setting given another value is refused (an alter/create policy's
 * POLICY_VIOLATION, naming it); one left out is kept rather than reverted to the default.
 */
export function withRequiredConfigs(topic: string, configs: TopicConfigOverrides): { configs: TopicConfigOverrides } | { problem: string } {
  const required = requiredConfigs(topic);
  for (const [name, value] of Object.entries(required)) {
    const asked = configs[name];
    if (asked !== undefined && asked !== value) return { problem: `Topic config ${name} of internal topic ${topic} must stay ${value}, got ${asked}.` };
  }
  return { configs: { ...configs, ...required } };
}

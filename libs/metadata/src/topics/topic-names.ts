import type { MetadataImage } from '../image/image';

/**
 * Kafka's topic-name rule (Topic.validate): legal characters, length, and not "." or "..".
 * Shared by the controller (CreateTopics) and the broker (names in Metadata requests).
 */
const LEGAL = /^[a-zA-Z0-9._-]+$/;
export const MAX_TOPIC_NAME_LENGTH = 249;

export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return "Topic name is illegal, it can't be empty";
  if (name === '.' || name === '..') return 'Topic name cannot be "." or ".."';
  if (name.length > MAX_TOPIC_NAME_LENGTH) return `Topic name is illegal, it can't be longer than ${MAX_TOPIC_NAME_LENGTH} characters`;
  if (!LEGAL.test(name)) return `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  return null;
}

/**
 * Kafka refuses a topic whose name equals an existing one once '.' and '_' are unified: both
 * become the same metric name. Returns the existing topic it collides with, if any.
 */
export function collidingTopic(image: MetadataImage, name: string): string | undefined {
  if (!/[._]/.test(name)) return undefined;
  const unified = name.replace(/\./g, '_');
  for (const existing of image.topicIdsByName.keys()) {
    if (existing !== name && existing.replace(/\./g, '_') === unified) return existing;
  }
  return undefined;
}

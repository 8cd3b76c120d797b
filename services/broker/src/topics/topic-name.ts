/** Kafka's topic-name rule lives in libs/metadata, shared with the controller, which validates CreateTopics. */
export { MAX_TOPIC_NAME_LENGTH, topicNameProblem } from '@orderlab/metadata';

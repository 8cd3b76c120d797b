import { ErrorCode, type DeleteTopicsRequest, type MessageOf } from '@orderlab/kafka-protocol';
import { ZERO_UUID, isInternalTopic, metadataRecord, topicByName, uuidFromString, uuidToString, type MetadataImage, type TopicImage } from '@orderlab/metadata';
import { apiError, type ApiError, type ControlResult } from '../control-result';
import { StagedChanges } from '../staged-changes';

/** Topics by name (v0-5 `topicNames`, v6+ `topics[].name`) or by id (v6+ `topics[].topicId`). */
export type DeleteTopicsInput = Pick<MessageOf<typeof DeleteTopicsRequest>, 'topics' | 'topicNames'>;

export interface DeletableTopicResult extends ApiError {
  readonly name: string | null;
  readonly topicId: Buffer;
}

const UNKNOWN_TOPIC = 'This server does not host this topic-partition.';

/**
 * DeleteTopics (ControllerApis.deleteTopics + ReplicationControlManager.deleteTopics): one
 * RemoveTopicRecord per topic, all in one batch. A topic named twice, or by both name and id, is
 * INVALID_REQUEST; an unknown name UNKNOWN_TOPIC_OR_PARTITION, an unknown id UNKNOWN_TOPIC_ID;
 * internal topics cannot be deleted (INVALID_TOPIC_EXCEPTION), as the broker answered before.
 */
export function deleteTopics(image: MetadataImage, input: DeleteTopicsInput): ControlResult<DeletableTopicResult[]> {
  const staged = new StagedChanges(image);
  const results: DeletableTopicResult[] = [];
  const requests = [...input.topicNames.map((name) => ({ name, topicId: uuidFromString(ZERO_UUID) })), ...input.topics];
  const keyOf = (r: { name: string | null; topicId: Buffer }) => (r.name !== null ? `name:${r.name}` : `id:${uuidToString(r.topicId)}`);
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(keyOf(r), (counts.get(keyOf(r)) ?? 0) + 1);
  const reported = new Set<string>();
  for (const r of requests) {
    const key = keyOf(r);
    if (reported.has(key)) continue;
    reported.add(key);
    results.push(deleteOne(staged, r, (counts.get(key) ?? 0) > 1));
  }
  return { records: staged.records, response: results };
}

function deleteOne(staged: StagedChanges, r: { name: string | null; topicId: Buffer }, duplicate: boolean): DeletableTopicResult {
  const result = (error: ApiError, topic?: TopicImage): DeletableTopicResult => ({
    name: topic?.name ?? r.name,
    topicId: topic ? uuidFromString(topic.id) : r.topicId,
    ...error,
  });
  const byId = r.name === null;
  if (!byId && uuidToString(r.topicId) !== ZERO_UUID) return result(apiError(ErrorCode.INVALID_REQUEST, 'You may not specify both topic name and topic id.'));
  if (byId && uuidToString(r.topicId) === ZERO_UUID) return result(apiError(ErrorCode.INVALID_REQUEST, 'Neither topic name nor id were specified.'));
  if (duplicate) return result(apiError(ErrorCode.INVALID_REQUEST, byId ? 'Duplicate topic id.' : 'Duplicate topic name.'));
  const topic = byId ? staged.image.topicsById.get(uuidToString(r.topicId)) : topicByName(staged.image, r.name ?? '');
  if (!topic) return result(byId ? apiError(ErrorCode.UNKNOWN_TOPIC_ID, 'This server does not host this topic ID.') : apiError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, UNKNOWN_TOPIC));
  if (isInternalTopic(topic.name)) return result(apiError(ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic ${topic.name} is internal and cannot be deleted.`), topic);
  staged.add(metadataRecord('RemoveTopic', { topicId: uuidFromString(topic.id) }));
  return result({ errorCode: 0, errorMessage: null }, topic);
}

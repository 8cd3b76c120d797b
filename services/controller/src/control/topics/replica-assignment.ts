import { ErrorCode } from '@orderlab/kafka-protocol';
import { isActiveBroker, type MetadataImage } from '@orderlab/metadata';
import { apiError, type ApiError } from '../control-result';

/**
 * A manual replica assignment for partition `partition` (CreateTopics / CreatePartitions):
 * non-empty, no broker twice, every broker registered, the same replication factor as the
 * other partitions, and at least one broker able to lead now (its ISR is the active ones).
 */
export function assignmentProblem(
  image: MetadataImage,
  partition: number,
  replicas: readonly number[],
  replicationFactor: number | undefined,
): ApiError | null {
  const invalid = (message: string) => apiError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, message);
  if (replicas.length === 0) return invalid(`Partition ${partition} has no replicas.`);
  if (new Set(replicas).size !== replicas.length) return invalid(`Partition ${partition} has duplicate replicas.`);
  const unknown = replicas.find((r) => !image.brokers.has(r));
  if (unknown !== undefined) return invalid(`Partition ${partition} names broker ${unknown}, which is not registered.`);
  if (replicationFactor !== undefined && replicas.length !== replicationFactor) {
    return invalid(
      `The manual partition assignment includes a partition with ${replicas.length} replica(s), but this is not consistent with previous partitions, which have ${replicationFactor} replica(s).`,
    );
  }
  if (!replicas.some((r) => isActiveBroker(image, r))) {
    return invalid(`All brokers specified in the manual partition assignment for partition ${partition} are fenced or in controlled shutdown.`);
  }
  return null;
}

/** Partition leader values (LeaderConstants): -1 no leader; -2, in a PartitionChangeRecord only, "unchanged". */
export const NO_LEADER = -1;
export const NO_LEADER_CHANGE = -2;

/** Producer ids are handed to brokers in blocks of this size (ProducerIdsBlock.PRODUCER_ID_BLOCK_SIZE). */
export const PRODUCER_ID_BLOCK_SIZE = 1000;

/** The feature that names the record versions in the log, and the level we write (3.6-IV2). */
export const METADATA_VERSION_FEATURE = 'metadata.version';
export const METADATA_VERSION_LEVEL = 14;

/** ConfigResource.Type ids used by ConfigRecord.resourceType. */
export const ConfigResourceType = {
  TOPIC: 2,
  BROKER: 4,
} as const;

/** Kafka's internal topics (Topic.isInternal): clients cannot produce to, delete or reconfigure them freely. */
export const INTERNAL_TOPICS: ReadonlySet<string> = new Set(['__consumer_offsets', '__transaction_state']);

export function isInternalTopic(name: string): boolean {
  return INTERNAL_TOPICS.has(name);
}

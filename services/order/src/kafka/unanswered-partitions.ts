/** One partition's answer in kafkajs's producer.send result. */
export interface PartitionAnswer {
  readonly partition: number;
  readonly errorCode?: number;
  readonly baseOffset?: string;
}

/**
 * The partitions a send went to that its answer does not cover with an offset.
 *
 * kafkajs (2.2.4, sendMessages) can resolve a send without some of its partitions: it keeps
 * answers per broker, and when a retry finds that a failed broker's partitions moved to a broker
 * that already answered this send, it does not ask that broker again — those messages are never
 * sent and the send still succeeds (kafkajs issue #1303, "losing data when one node of the cluster
 * is lost"). A broker SIGKILLed in the middle of a multi-partition send does exactly that.
 */
export function unansweredPartitions(sentTo: readonly number[], answers: readonly PartitionAnswer[]): Set<number> {
  const answered = new Set(answers.filter((a) => (a.errorCode ?? 0) === 0 && a.baseOffset !== undefined && Number(a.baseOffset) >= 0).map((a) => a.partition));
  return new Set(sentTo.filter((p) => !answered.has(p)));
}

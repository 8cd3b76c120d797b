import type { Admin } from 'kafkajs';
import { commitAsAdmin } from './commit-offsets';
import { EARLIEST, LATEST, type OffsetsReader } from './partition-offsets';

export type ResetTarget =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'offset'; readonly offset: number }
  | { readonly kind: 'datetime'; readonly timestamp: number };

export interface ResetPlanEntry {
  readonly topic: string;
  readonly partition: number;
  readonly newOffset: number;
}

/** Kafka's rule: offsets are only reset for a group with no active members. */
export async function assertInactive(admin: Admin, groupId: string): Promise<void> {
  const { groups } = await admin.describeGroups([groupId]);
  const state = groups[0]?.state ?? 'Dead';
  if (state !== 'Empty' && state !== 'Dead') {
    throw new Error(`Assignments can only be reset if the group '${groupId}' is inactive, but the current state is ${state}.`);
  }
}

/**
 * The new committed offset of each chosen partition of `topic` (all when `partitions` is
 * null), clamped to what the log holds, as kafka-consumer-groups does.
 */
export async function resetPlan(offsets: OffsetsReader, topic: string, partitions: readonly number[] | null, target: ResetTarget): Promise<ResetPlanEntry[]> {
  const parts = (await offsets.topicOffsets(topic)).filter((p) => partitions === null || partitions.includes(p.partition));
  const plan: ResetPlanEntry[] = [];
  for (const p of parts.sort((a, b) => a.partition - b.partition)) {
    let newOffset: number;
    if (target.kind === 'earliest') newOffset = p.logStartOffset;
    else if (target.kind === 'latest') newOffset = p.highWatermark;
    else if (target.kind === 'offset') newOffset = Math.min(Math.max(target.offset, p.logStartOffset), p.highWatermark);
    else {
      const found = await offsets.offsetForTime(topic, p.partition, target.timestamp);
      newOffset = found < 0 ? p.highWatermark : found;
    }
    plan.push({ topic, partition: p.partition, newOffset });
  }
  return plan;
}

export async function executePlan(bootstrap: { host: string; port: number }, groupId: string, plan: readonly ResetPlanEntry[]): Promise<void> {
  await commitAsAdmin(bootstrap, groupId, plan.map((e) => ({ topic: e.topic, partition: e.partition, offset: e.newOffset })));
}

export { EARLIEST, LATEST };

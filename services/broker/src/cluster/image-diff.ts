import type { MetadataImage, PartitionImage, TopicImage } from '@orderlab/metadata';
import type { MetadataChange, TopicMetadata } from './cluster-metadata';

type ToTopic = (image: MetadataImage, t: TopicImage) => TopicMetadata;

const samePartition = (a: PartitionImage, b: PartitionImage): boolean =>
  a.leader === b.leader && a.leaderEpoch === b.leaderEpoch && a.partitionEpoch === b.partitionEpoch && a.replicas.join() === b.replicas.join() && a.isr.join() === b.isr.join();

function sameConfigs(a: ReadonlyMap<string, string> | undefined, b: ReadonlyMap<string, string> | undefined): boolean {
  if (a === b) return true;
  if ((a?.size ?? 0) !== (b?.size ?? 0)) return false;
  for (const [k, v] of a ?? []) if (b?.get(k) !== v) return false;
  return true;
}

/**
 * What changed between two committed images, as the events the replica manager and the group
 * coordinator react to. Pure. A topic deleted and re-created under the same name (a new id) is a
 * deletion then a creation; deletions come first so a re-created topic's logs start empty.
 */
export function diffImages(before: MetadataImage, after: MetadataImage, toTopic: ToTopic): MetadataChange[] {
  const deleted: MetadataChange[] = [];
  const rest: MetadataChange[] = [];
  for (const [id, old] of before.topicsById) {
    if (!after.topicsById.has(id)) deleted.push({ type: 'topic-deleted', topic: toTopic(before, old) });
  }
  for (const [id, t] of after.topicsById) {
    const old = before.topicsById.get(id);
    if (!old) {
      rest.push({ type: 'topic-created', topic: toTopic(after, t) });
      continue;
    }
    if (old === t && before.topicConfigs.get(t.name) === after.topicConfigs.get(t.name)) continue;
    const topic = toTopic(after, t);
    if (t.partitions.size > old.partitions.size) rest.push({ type: 'partitions-added', topic, previousCount: old.partitions.size });
    const changed: number[] = [];
    for (const [index, p] of old.partitions) {
      const now = t.partitions.get(index);
      if (now && !samePartition(p, now)) changed.push(index);
    }
    if (changed.length > 0) rest.push({ type: 'partitions-changed', topic, partitions: changed.sort((a, b) => a - b) });
    if (!sameConfigs(before.topicConfigs.get(t.name), after.topicConfigs.get(t.name))) rest.push({ type: 'configs-changed', topic });
  }
  return [...deleted, ...rest];
}

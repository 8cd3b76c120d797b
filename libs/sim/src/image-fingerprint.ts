import { createHash } from 'node:crypto';
import { sortedBrokers, sortedPartitions, type MetadataImage, type TopicImage } from '@orderlab/metadata';

const sortedEntries = <V>(m: ReadonlyMap<string, V>): Array<[string, V]> => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Images share every topic they did not change: a topic's text is computed once per topic object. */
const topicText = new WeakMap<TopicImage, string>();

function textOf(t: TopicImage): string {
  let text = topicText.get(t);
  if (text === undefined) {
    text = [`t${t.name} ${t.id}`, ...sortedPartitions(t).map((p) => `p${p.partition} ${p.replicas.join(',')} ${p.isr.join(',')} ${p.leader} ${p.leaderEpoch} ${p.partitionEpoch}`)].join('\n');
    topicText.set(t, text);
  }
  return text;
}

/**
 * Every field of the image, in a canonical order, hashed: equal exactly when the images are
 * (up to an MD5 collision). What libs/metadata's digest says, without encoding every record
 * through the codec — the checker asks after every applied batch on every node.
 */
export function imageFingerprint(image: MetadataImage): string {
  const hash = createHash('md5').update(`@${image.lastAppliedOffset}/${image.lastAppliedEpoch} pid${image.nextProducerId}\n`);
  for (const [name, level] of sortedEntries(image.features)) hash.update(`f${name}=${level}\n`);
  for (const b of sortedBrokers(image)) {
    hash.update(`b${b.brokerId} ${b.incarnationId} ${b.brokerEpoch} ${b.fenced ? 1 : 0}${b.inControlledShutdown ? 1 : 0} ${b.rack ?? '-'} ${b.endpoints.map((e) => `${e.name}:${e.host}:${e.port}:${e.securityProtocol}`).join(',')}\n`);
  }
  for (const [, id] of sortedEntries(image.topicIdsByName)) hash.update(textOf(image.topicsById.get(id)!)).update('\n');
  for (const [kind, all] of [['tc', image.topicConfigs], ['bc', image.brokerConfigs]] as const) {
    for (const [resource, configs] of sortedEntries(all)) for (const [k, v] of sortedEntries(configs)) hash.update(`${kind}${resource} ${k}=${v}\n`);
  }
  return hash.digest('hex');
}

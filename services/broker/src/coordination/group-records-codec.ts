import {
  decodeOffsetsRecord,
  encodeOffsetsRecord,
  type OffsetsRecordInput,
} from '@orderlab/kafka-protocol';
import type { GroupRecord } from '../groups';

/** The coordinator's plain records in Kafka's own __consumer_offsets key/value format. */
export function toKafkaRecord(r: GroupRecord): { key: Buffer; value: Buffer | null } {
  const input: OffsetsRecordInput =
    r.kind === 'offset'
      ? {
          key: { type: 'offset', group: r.group, topic: r.topic, partition: r.partition },
          value: r.value && { offset: r.value.offset, leaderEpoch: r.value.leaderEpoch, metadata: r.value.metadata, commitTimestamp: r.value.commitTimestamp },
        }
      : {
          key: { type: 'group', group: r.group },
          value: r.value && {
            protocolType: r.value.protocolType,
            generation: r.value.generation,
            protocol: r.value.protocol,
            leader: r.value.leader,
            currentStateTimestamp: r.value.currentStateTimestamp,
            members: r.value.members.map((m) => ({ ...m })),
          },
        };
  return encodeOffsetsRecord(input);
}

export type DecodedGroupRecord = { readonly ok: true; readonly record: GroupRecord } | { readonly ok: false; readonly reason: string };

/** Back from Kafka's format; anything that does not decode (or is a record type we do not know) says why. */
export function fromKafkaRecord(key: Buffer | null, value: Buffer | null): DecodedGroupRecord {
  if (key === null) return { ok: false, reason: 'record has no key' };
  let decoded: ReturnType<typeof decodeOffsetsRecord>;
  try {
    decoded = decodeOffsetsRecord(key, value);
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  if (decoded.key.type === 'offset') {
    const v = decoded.value as { offset: number; leaderEpoch: number; metadata: string; commitTimestamp: number } | null;
    return {
      ok: true,
      record: {
        kind: 'offset',
        group: decoded.key.group,
        topic: decoded.key.topic,
        partition: decoded.key.partition,
        value: v && { offset: v.offset, leaderEpoch: v.leaderEpoch, metadata: v.metadata, commitTimestamp: v.commitTimestamp },
      },
    };
  }
  const g = decoded.value as { protocolType: string; generation: number; protocol: string | null; leader: string | null; currentStateTimestamp: number; members: Array<{ memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string; rebalanceTimeout: number; sessionTimeout: number; subscription: Buffer; assignment: Buffer }> } | null;
  return { ok: true, record: { kind: 'group', group: decoded.key.group, value: g && { ...g, members: g.members.map((m) => ({ ...m })) } } };
}

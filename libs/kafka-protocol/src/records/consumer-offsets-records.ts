import { DecodeError, EncodeError } from '../primitives/codec-errors';
import { Reader } from '../primitives/reader';
import { Writer } from '../primitives/writer';
import { decodeMessage, encodeMessage } from '../schema/codec';
import type { MessageOf, MessageSpec } from '../schema/spec';
import {
  GroupMetadataKey,
  GroupMetadataValue,
  OffsetCommitKey,
  OffsetCommitValue,
} from '../messages/consumer-offsets/schema';

/**
 * Keys and values of the internal `__consumer_offsets` topic in Kafka's own format
 * (GroupCoordinatorRecordHelpers / CoordinatorRecordSerde), so the topic stays readable by
 * Kafka's tools: every key and value is an int16 version followed by the message body; the key
 * version is the record type (0/1 offset commit, 2 group metadata); a null value is a tombstone.
 */
export const CONSUMER_OFFSETS_TOPIC = '__consumer_offsets';
/** Kafka's offsets.topic.num.partitions default. */
export const DEFAULT_OFFSETS_TOPIC_PARTITIONS = 50;

export type OffsetCommitRecordKey = { readonly type: 'offset'; readonly group: string; readonly topic: string; readonly partition: number };
export type GroupMetadataRecordKey = { readonly type: 'group'; readonly group: string };
export type OffsetsKey = OffsetCommitRecordKey | GroupMetadataRecordKey;

/** Decoded OffsetCommitValue: leaderEpoch is -1 below v3, expireTimestamp -1 unless v1. */
export type OffsetCommitValueData = MessageOf<typeof OffsetCommitValue>;
export type OffsetCommitValueInput = Omit<OffsetCommitValueData, 'expireTimestamp'> & { readonly expireTimestamp?: number };
export type GroupMetadataValueData = MessageOf<typeof GroupMetadataValue>;
export type GroupMetadataMember = GroupMetadataValueData['members'][number];

/** A decoded record; a null value is a tombstone (offset deleted / group removed). */
export type OffsetsRecord =
  | { readonly key: OffsetCommitRecordKey; readonly value: OffsetCommitValueData | null }
  | { readonly key: GroupMetadataRecordKey; readonly value: GroupMetadataValueData | null };
/** What encodeOffsetsRecord accepts: as OffsetsRecord, but an offset value's expireTimestamp may be omitted. */
export type OffsetsRecordInput =
  | { readonly key: OffsetCommitRecordKey; readonly value: OffsetCommitValueInput | null }
  | { readonly key: GroupMetadataRecordKey; readonly value: GroupMetadataValueData | null };

/** Key versions Kafka writes today. */
const OFFSET_KEY_VERSION = 1;
const GROUP_KEY_VERSION = 2;
/** Value versions Kafka writes today (highest non-flexible ones; MetadataVersion.*ValueVersion). */
const OFFSET_VALUE_VERSION = 3;
const OFFSET_VALUE_VERSION_WITH_EXPIRY = 1;
const GROUP_VALUE_VERSION = 3;

function versioned<M extends MessageSpec>(spec: M, version: number, body: Partial<MessageOf<M>>): Buffer {
  const w = new Writer(64).int16(version);
  return encodeMessage(spec, version, body, w).toBuffer();
}

function readVersion(r: Reader, what: string): number {
  if (r.remaining() < 2) throw new DecodeError('DECODE.TRUNCATED', `${what} has no int16 version`);
  return r.int16();
}

export function encodeOffsetsKey(key: OffsetsKey): Buffer {
  if (key.type === 'offset') {
    return versioned(OffsetCommitKey, OFFSET_KEY_VERSION, { group: key.group, topic: key.topic, partition: key.partition });
  }
  return versioned(GroupMetadataKey, GROUP_KEY_VERSION, { group: key.group });
}

/** Throws DecodeError('DECODE.UNSUPPORTED_VERSION') for record types other than 0-2 (e.g. KIP-848 records). */
export function decodeOffsetsKey(bytes: Buffer): OffsetsKey {
  const r = new Reader(bytes);
  const version = readVersion(r, 'offsets key');
  if (version === 0 || version === 1) {
    const k = decodeMessage(OffsetCommitKey, version, r);
    return { type: 'offset', group: k.group, topic: k.topic, partition: k.partition };
  }
  if (version === GROUP_KEY_VERSION) {
    return { type: 'group', group: decodeMessage(GroupMetadataKey, version, r).group };
  }
  throw new DecodeError('DECODE.UNSUPPORTED_VERSION', `__consumer_offsets record type ${version} is not supported`);
}

/** Version 3, or version 1 when an expire timestamp is given (as Kafka does); `version` overrides. */
export function encodeOffsetCommitValue(value: OffsetCommitValueInput, version?: number): Buffer {
  const expire = value.expireTimestamp ?? -1;
  const v = version ?? (expire !== -1 ? OFFSET_VALUE_VERSION_WITH_EXPIRY : OFFSET_VALUE_VERSION);
  return versioned(OffsetCommitValue, v, { ...value, expireTimestamp: expire });
}

export function decodeOffsetCommitValue(bytes: Buffer): OffsetCommitValueData {
  const r = new Reader(bytes);
  return decodeMessage(OffsetCommitValue, readVersion(r, 'offset commit value'), r);
}

export function encodeGroupMetadataValue(value: GroupMetadataValueData, version = GROUP_VALUE_VERSION): Buffer {
  return versioned(GroupMetadataValue, version, value);
}

export function decodeGroupMetadataValue(bytes: Buffer): GroupMetadataValueData {
  const r = new Reader(bytes);
  return decodeMessage(GroupMetadataValue, readVersion(r, 'group metadata value'), r);
}

/** Encodes the value for a key of the given type; null (tombstone) stays null. */
export function encodeOffsetsValue(type: 'offset', value: OffsetCommitValueInput | null): Buffer | null;
export function encodeOffsetsValue(type: 'group', value: GroupMetadataValueData | null): Buffer | null;
export function encodeOffsetsValue(
  type: OffsetsKey['type'],
  value: OffsetCommitValueInput | GroupMetadataValueData | null,
): Buffer | null {
  if (value === null) return null;
  if (type === 'offset') return encodeOffsetCommitValue(value as OffsetCommitValueInput);
  if (type === 'group') return encodeGroupMetadataValue(value as GroupMetadataValueData);
  throw new EncodeError('ENCODE.INVALID_VALUE', `unknown offsets record type ${String(type)}`);
}

/** Decodes the value for a key of the given type; null (tombstone) stays null. */
export function decodeOffsetsValue(type: 'offset', bytes: Buffer | null): OffsetCommitValueData | null;
export function decodeOffsetsValue(type: 'group', bytes: Buffer | null): GroupMetadataValueData | null;
export function decodeOffsetsValue(
  type: OffsetsKey['type'],
  bytes: Buffer | null,
): OffsetCommitValueData | GroupMetadataValueData | null {
  if (bytes === null) return null;
  return type === 'offset' ? decodeOffsetCommitValue(bytes) : decodeGroupMetadataValue(bytes);
}

export function encodeOffsetsRecord(record: OffsetsRecordInput): { key: Buffer; value: Buffer | null } {
  const key = encodeOffsetsKey(record.key);
  const value = record.key.type === 'offset'
    ? encodeOffsetsValue('offset', record.value as OffsetCommitValueInput | null)
    : encodeOffsetsValue('group', record.value as GroupMetadataValueData | null);
  return { key, value };
}

export function decodeOffsetsRecord(key: Buffer, value: Buffer | null): OffsetsRecord {
  const k = decodeOffsetsKey(key);
  return k.type === 'offset'
    ? { key: k, value: decodeOffsetsValue('offset', value) }
    : { key: k, value: decodeOffsetsValue('group', value) };
}

/** Java's String.hashCode: s[0]*31^(n-1) + … + s[n-1] over UTF-16 code units, in 32-bit int arithmetic. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * The `__consumer_offsets` partition (and so the coordinator) of a group, as Kafka computes it:
 * Utils.abs(groupId.hashCode()) % partitionCount, where Utils.abs(Integer.MIN_VALUE) = 0.
 * The same rule with `__transaction_state` places transactional ids.
 */
export function groupOffsetsPartition(groupId: string, partitionCount = DEFAULT_OFFSETS_TOPIC_PARTITIONS): number {
  if (!Number.isInteger(partitionCount) || partitionCount <= 0) {
    throw new EncodeError('ENCODE.INVALID_VALUE', `partition count must be a positive integer, got ${partitionCount}`);
  }
  const h = javaStringHashCode(groupId);
  const abs = h === -2147483648 ? 0 : Math.abs(h);
  return abs % partitionCount;
}

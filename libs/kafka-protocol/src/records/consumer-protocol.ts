import { DecodeError } from '../primitives/codec-errors';
import { Reader } from '../primitives/reader';
import { Writer } from '../primitives/writer';
import { decodeMessage, encodeMessage } from '../schema/codec';
import type { MessageOf } from '../schema/spec';
import { ConsumerProtocolAssignment, ConsumerProtocolSubscription } from '../messages/consumer-protocol/schema';

/**
 * The ConsumerProtocol payloads of groups with protocol type "consumer": JoinGroup protocol
 * metadata (subscription) and SyncGroup / DescribeGroups assignments. The broker treats them as
 * opaque bytes; these helpers exist for inspection (admin endpoint, tests). Layout: int16 version,
 * then the ConsumerProtocolSubscription / ConsumerProtocolAssignment body of that version.
 */
export type ConsumerSubscription = MessageOf<typeof ConsumerProtocolSubscription> & { version: number };
export type ConsumerAssignment = MessageOf<typeof ConsumerProtocolAssignment> & { version: number };

/** Fields absent from the chosen version may be omitted; `version` defaults to 0 (what kafkajs writes). */
export type ConsumerSubscriptionInput = Partial<ConsumerSubscription> & Pick<ConsumerSubscription, 'topics'>;
export type ConsumerAssignmentInput = Partial<ConsumerAssignment> & Pick<ConsumerAssignment, 'assignedPartitions'>;

const HIGHEST_VERSION = 3;

export function encodeConsumerSubscription(value: ConsumerSubscriptionInput): Buffer {
  const version = value.version ?? 0;
  return encodeMessage(ConsumerProtocolSubscription, version, value, new Writer(64).int16(version)).toBuffer();
}

export function encodeConsumerAssignment(value: ConsumerAssignmentInput): Buffer {
  const version = value.version ?? 0;
  return encodeMessage(ConsumerProtocolAssignment, version, value, new Writer(64).int16(version)).toBuffer();
}

/**
 * Empty bytes (a member that sent no metadata) decode to null. Versions above 3 are read as
 * version 3, as Kafka's ConsumerProtocol does; unlike Kafka, bytes left after the v3 fields are
 * refused (DECODE.TRAILING_BYTES) rather than ignored — no such version exists today.
 */
export function decodeConsumerSubscription(bytes: Buffer): ConsumerSubscription | null {
  if (bytes.length === 0) return null;
  const r = new Reader(bytes);
  const version = readVersion(r, 'subscription');
  return { version, ...decodeMessage(ConsumerProtocolSubscription, Math.min(version, HIGHEST_VERSION), r) };
}

/** Empty bytes (Kafka's answer to a member that got no assignment) decode to null. */
export function decodeConsumerAssignment(bytes: Buffer): ConsumerAssignment | null {
  if (bytes.length === 0) return null;
  const r = new Reader(bytes);
  const version = readVersion(r, 'assignment');
  return { version, ...decodeMessage(ConsumerProtocolAssignment, Math.min(version, HIGHEST_VERSION), r) };
}

function readVersion(r: Reader, what: string): number {
  if (r.remaining() < 2) throw new DecodeError('DECODE.TRUNCATED', `consumer protocol ${what} has no int16 version`);
  const version = r.int16();
  if (version < 0) throw new DecodeError('DECODE.UNSUPPORTED_VERSION', `consumer protocol ${what} version ${version}`);
  return version;
}

import { DecodeError, Reader, Writer, decodeMessage, encodeMessage, type MessageInput, type MessageOf, type MessageSpec } from '@orderlab/kafka-protocol';

/**
 * Kafka's control records (ControlRecordType.java): the key is `int16 version (0), int16 type`;
 * the value is a data message of common/message/*.json, encoded at its current version. KRaft
 * writes LEADER_CHANGE when a leader is elected and frames every snapshot with SNAPSHOT_HEADER
 * and SNAPSHOT_FOOTER.
 */
export const ControlRecordType = {
  ABORT: 0,
  COMMIT: 1,
  LEADER_CHANGE: 2,
  SNAPSHOT_HEADER: 3,
  SNAPSHOT_FOOTER: 4,
} as const;
export type ControlRecordTypeNumber = (typeof ControlRecordType)[keyof typeof ControlRecordType];

const CONTROL_KEY_VERSION = 0;

/** LeaderChangeMessage.json (version 0, flexible). */
export const LeaderChangeMessage = {
  name: 'LeaderChangeMessage',
  apiKey: -1,
  type: 'metadata',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'version', type: 'int16', versions: '0+' },
    { name: 'leaderId', type: 'int32', versions: '0+' },
    { name: 'voters', type: '[]struct', versions: '0+', fields: [{ name: 'voterId', type: 'int32', versions: '0+' }] },
    { name: 'grantingVoters', type: '[]struct', versions: '0+', fields: [{ name: 'voterId', type: 'int32', versions: '0+' }] },
  ],
} as const satisfies MessageSpec;

/** SnapshotHeaderRecord.json (version 0, flexible): the first record of every snapshot. */
export const SnapshotHeaderRecord = {
  name: 'SnapshotHeaderRecord',
  apiKey: -1,
  type: 'metadata',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'version', type: 'int16', versions: '0+' },
    { name: 'lastContainedLogTimestamp', type: 'int64', versions: '0+' },
  ],
} as const satisfies MessageSpec;

/** SnapshotFooterRecord.json (version 0, flexible): the last record of every snapshot. */
export const SnapshotFooterRecord = {
  name: 'SnapshotFooterRecord',
  apiKey: -1,
  type: 'metadata',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [{ name: 'version', type: 'int16', versions: '0+' }],
} as const satisfies MessageSpec;

export type LeaderChangeData = MessageOf<typeof LeaderChangeMessage>;

export function encodeControlKey(type: ControlRecordTypeNumber): Buffer {
  return new Writer(4).int16(CONTROL_KEY_VERSION).int16(type).toBuffer();
}

/** The control type named by a control record's key; throws DecodeError for a key that is not one. */
export function decodeControlKey(key: Buffer | null): number {
  if (key === null || key.length < 4) throw new DecodeError('DECODE.TRUNCATED', 'control record key needs 4 bytes');
  const r = new Reader(key);
  const version = r.int16();
  if (version !== CONTROL_KEY_VERSION) throw new DecodeError('DECODE.UNSUPPORTED_VERSION', `control record key version ${version}`);
  return r.int16();
}

export function encodeControlValue<M extends MessageSpec>(spec: M, value: MessageInput<M>): Buffer {
  return encodeMessage(spec, 0, value).toBuffer();
}

export function decodeControlValue<M extends MessageSpec>(spec: M, value: Buffer | null): MessageOf<M> {
  if (value === null) throw new DecodeError('DECODE.NULL_NOT_ALLOWED', `${spec.name} value is null`);
  const r = new Reader(value);
  const decoded = decodeMessage(spec, 0, r);
  if (r.remaining() !== 0) throw new DecodeError('DECODE.TRAILING_BYTES', `${r.remaining()} bytes after ${spec.name}`);
  return decoded;
}

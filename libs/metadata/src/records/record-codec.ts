import { DecodeError, Reader, Writer, decodeMessage, encodeMessage } from '@orderlab/kafka-protocol';
import {
  METADATA_RECORD_TYPES,
  recordTypeForApiKey,
  writeVersionOf,
  type MetadataRecord,
  type MetadataRecordInput,
  type MetadataRecordOf,
  type MetadataRecordType,
} from './record-types';

/**
 * The value of a record in the `__cluster_metadata` log, framed as KRaft's MetadataRecordSerde
 * writes it: `uvarint frameVersion (1), uvarint apiKey, uvarint version, body` with the body in
 * the flexible encoding. A reader of our log sees exactly what a reader of Kafka's sees.
 */
export const METADATA_FRAME_VERSION = 1;

export function encodeMetadataRecord(record: MetadataRecord): Buffer {
  const { spec } = METADATA_RECORD_TYPES[record.type];
  const version = writeVersionOf(record.type, record);
  const w = new Writer(64).uvarint(METADATA_FRAME_VERSION).uvarint(spec.apiKey).uvarint(version);
  return encodeMessage(spec, version, record as never, w).toBuffer();
}

/** Throws only DecodeError: bad frame version, unknown record type or version, malformed body, trailing bytes. */
export function decodeMetadataRecord(bytes: Buffer): MetadataRecord {
  const r = new Reader(bytes);
  const frameVersion = r.uvarint();
  if (frameVersion !== METADATA_FRAME_VERSION) {
    throw new DecodeError('DECODE.UNSUPPORTED_VERSION', `metadata record frame version ${frameVersion} is not ${METADATA_FRAME_VERSION}`);
  }
  const apiKey = r.uvarint();
  const type = recordTypeForApiKey(apiKey);
  if (type === undefined) throw new DecodeError('DECODE.UNKNOWN_API', `metadata record type ${apiKey} is not supported`);
  const version = r.uvarint();
  return { type, ...decodeMessage(METADATA_RECORD_TYPES[type].spec, version, r) } as MetadataRecord;
}

/**
 * Builds a record from the fields given; omitted fields get Kafka's defaults. It goes through
 * the codec once, so the record a controller applies to its own image is exactly what every
 * reader of the log will decode (fields the written version lacks come back as defaults).
 */
export function metadataRecord<T extends MetadataRecordType>(type: T, fields: MetadataRecordInput<T>): MetadataRecordOf<T> {
  const { spec } = METADATA_RECORD_TYPES[type];
  const version = writeVersionOf(type, fields);
  const body = encodeMessage(spec, version, fields as never).toBuffer();
  return { type, ...decodeMessage(spec, version, new Reader(body)) } as unknown as MetadataRecordOf<T>;
}

import { createHash } from 'node:crypto';
import type { MetadataImage } from '../image/image';
import { encodeMetadataRecord } from '../records/record-codec';
import { imageToRecords } from './snapshot';

/**
 * A stable fingerprint of an image: SHA-256 over its applied position and its snapshot records
 * (canonical order, Kafka's encoding). Two images have the same digest exactly when they hold
 * the same metadata at the same offset and epoch, however each was built (replay, snapshot, or
 * a snapshot then replay of the rest) — what the simulation compares across nodes.
 */
export function digest(image: MetadataImage): string {
  const hash = createHash('sha256');
  const position = Buffer.alloc(16);
  position.writeDoubleBE(image.lastAppliedOffset, 0);
  position.writeDoubleBE(image.lastAppliedEpoch, 8);
  hash.update(position);
  const length = Buffer.alloc(4);
  for (const record of imageToRecords(image)) {
    const bytes = encodeMetadataRecord(record);
    length.writeUInt32BE(bytes.length, 0);
    hash.update(length).update(bytes);
  }
  return hash.digest('hex');
}

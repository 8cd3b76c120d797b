/**
 * Uuids travel as 16 raw bytes (the codec's 'uuid'); the image and everything a person reads
 * holds Kafka's text form, URL-safe base64 without padding (Uuid.toString: "Jd6_Rnd5Q5e9xlLpSZ1o_A").
 */
export type UuidString = string;

export const ZERO_UUID: UuidString = uuidToString(Buffer.alloc(16));

export function uuidToString(bytes: Buffer): UuidString {
  return bytes.toString('base64url');
}

/** Throws RangeError unless the text is 22 characters of base64url naming 16 bytes. */
export function uuidFromString(text: UuidString): Buffer {
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length !== 16 || text.length !== 22 || bytes.toString('base64url') !== text) {
    throw new RangeError(`not a Kafka uuid: ${JSON.stringify(text)}`);
  }
  return bytes;
}

import type { ZodType } from 'zod';
import { CodedError, err, ok, type Result } from '@orderlab/shared';

export type EventDecodeErrorCode = 'EVENT.NOT_JSON' | 'EVENT.INVALID';

export class EventDecodeError extends CodedError<EventDecodeErrorCode> {}

/** Events travel as UTF-8 JSON. */
export function encodeEvent(event: unknown): Buffer {
  return Buffer.from(JSON.stringify(event));
}

/** Parse and validate an event; a failure says which fields are wrong. Never throws. */
export function decodeEvent<T>(schema: ZodType<T>, bytes: Buffer | null): Result<T, EventDecodeError> {
  if (bytes === null) return err(new EventDecodeError('EVENT.INVALID', 'record has no value'));
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    return err(new EventDecodeError('EVENT.NOT_JSON', `value is not JSON: ${(e as Error).message}`));
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return err(new EventDecodeError('EVENT.INVALID', issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; '), { issues }));
  }
  return ok(parsed.data);
}

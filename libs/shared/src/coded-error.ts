/**
 * Base class for every error this project throws on purpose. Errors carry a string
 * code from a closed union because `instanceof` does not survive a process boundary
 * (logs, HTTP bodies, test harnesses read the code, not the class).
 */
export class CodedError<C extends string = string> extends Error {
  readonly code: C;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: C, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: C; message: string; details?: Readonly<Record<string, unknown>> } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isCodedError(value: unknown): value is CodedError {
  return value instanceof CodedError;
}

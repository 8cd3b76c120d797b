/** Thrown by OrderPlacedPipe for a record that is not a valid OrderPlaced; DeadLetterFilter turns it into a dead letter. */
export class InvalidEventException extends Error {
  constructor(readonly reason: string) {
    super(`invalid OrderPlaced: ${reason}`);
  }
}

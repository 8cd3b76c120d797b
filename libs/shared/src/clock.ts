/** Time is passed in to pure cores so tests can drive it. Milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

/** A clock a test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current = 0) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}

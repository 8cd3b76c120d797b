/** The answer a completed request gave, replayed to every retry with the same key. */
export interface StoredAnswer {
  readonly status: number;
  readonly body: unknown;
}

export type Reservation =
  /** First time this key is seen: go ahead with this order id. */
  | { readonly kind: 'new'; readonly orderId: string }
  /** An earlier attempt did not finish (e.g. the broker was down): retry with the same order id. */
  | { readonly kind: 'retry'; readonly orderId: string }
  /** Already done: answer what the first request answered. */
  | { readonly kind: 'completed'; readonly answer: StoredAnswer }
  /** Another request with this key is being processed right now. */
  | { readonly kind: 'in-flight' }
  /** The key was used with a different body. */
  | { readonly kind: 'mismatch' };

/** Idempotency-Key bookkeeping; the Redis adapter makes each step atomic. */
export interface IdempotencyStore {
  reserve(key: string, bodyHash: string, orderId: string): Promise<Reservation>;
  complete(key: string, answer: StoredAnswer): Promise<void>;
  /** The attempt failed: the key stays pending with its order id, open to a retry. */
  release(key: string): Promise<void>;
}

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');

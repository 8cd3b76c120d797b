import { CodedError } from '@orderlab/shared';

/** Domain errors carry codes; the HTTP edge maps them to statuses. */
export type OrderErrorCode =
  | 'ORDER.BROKER_UNAVAILABLE'
  | 'ORDER.STORE_UNAVAILABLE'
  | 'ORDER.OVERLOADED'
  | 'ORDER.NOT_FOUND'
  | 'ORDER.IDEMPOTENCY_IN_FLIGHT'
  | 'ORDER.IDEMPOTENCY_KEY_REUSED'
  | 'ORDER.INVALID_REQUEST';

export class OrderError extends CodedError<OrderErrorCode> {}

export const brokerUnavailable = (reason: string) => new OrderError('ORDER.BROKER_UNAVAILABLE', `the broker could not take the order: ${reason}; nothing was published`);
export const storeUnavailable = (e: unknown) => new OrderError('ORDER.STORE_UNAVAILABLE', `Redis could not record the order: ${(e as Error).message}; nothing was published`);

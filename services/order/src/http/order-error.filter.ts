import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { OrderError, type OrderErrorCode } from '../orders/order.errors';

const STATUS: Record<OrderErrorCode, number> = {
  'ORDER.BROKER_UNAVAILABLE': 503,
  'ORDER.STORE_UNAVAILABLE': 503,
  'ORDER.OVERLOADED': 503,
  'ORDER.NOT_FOUND': 404,
  'ORDER.IDEMPOTENCY_IN_FLIGHT': 409,
  'ORDER.IDEMPOTENCY_KEY_REUSED': 422,
  'ORDER.INVALID_REQUEST': 400,
};

const RETRY_AFTER_S: Partial<Record<OrderErrorCode, string>> = { 'ORDER.BROKER_UNAVAILABLE': '5', 'ORDER.STORE_UNAVAILABLE': '5', 'ORDER.OVERLOADED': '1' };

/** Domain errors become HTTP answers here, at the edge; the domain never throws HTTP exceptions. */
@Catch(OrderError)
export class OrderErrorFilter implements ExceptionFilter {
  catch(error: OrderError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const status = STATUS[error.code];
    const retryAfter = RETRY_AFTER_S[error.code];
    if (retryAfter) res.setHeader('Retry-After', retryAfter);
    res.status(status).json({ statusCode: status, code: error.code, message: error.message });
  }
}

import { Catch, Injectable, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';
import { from, throwError, type Observable } from 'rxjs';
import { OrderEventsConsumer } from './order-events-consumer';
import { InvalidEventException } from './invalid-event.exception';

/**
 * Dead letters for the orders handler. An invalid event goes to orders.DLQ through the
 * delivery logic (retried with backoff and reported in /health while the DLQ topic cannot be
 * written; its offset committed after, so it is not dead-lettered again after a restart).
 * Every other error is handed back to kafkajs unchanged: Nest's default filter would replace
 * it with {status: 'error', message: 'Internal server error'}, and kafkajs must see its own
 * REBALANCE_IN_PROGRESS (a heartbeat during the work) to rejoin the group rather than retry.
 */
@Catch()
@Injectable()
export class DeadLetterFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly consumer: OrderEventsConsumer) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<unknown> {
    if (!(exception instanceof InvalidEventException)) return throwError(() => exception);
    const ctx = host.switchToRpc().getContext<KafkaContext>();
    return from(this.consumer.deadLetter(ctx, exception.reason));
  }
}

import { Injectable, type PipeTransform } from '@nestjs/common';
import { OrderPlacedSchema, decodeEvent, type OrderPlaced } from '@orderlab/events';
import { InvalidEventException } from './invalid-event.exception';

/** The record's value (kept binary by the transport: parser.keepBinary) as a validated OrderPlaced, or InvalidEventException. */
@Injectable()
export class OrderPlacedPipe implements PipeTransform<Buffer | null, OrderPlaced> {
  transform(value: Buffer | null): OrderPlaced {
    const decoded = decodeEvent(OrderPlacedSchema, Buffer.isBuffer(value) ? value : null);
    if (!decoded.ok) throw new InvalidEventException(decoded.error.message);
    return decoded.value;
  }
}

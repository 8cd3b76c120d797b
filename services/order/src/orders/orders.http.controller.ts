import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { OrderErrorFilter } from '../http/order-error.filter';
import { ZodBodyPipe } from '../http/zod-body.pipe';
import { OrdersService } from './orders.service';
import { PlaceOrderRequestJsonSchema, PlaceOrderRequestSchema, type PlaceOrderRequest } from './place-order.request';

@ApiTags('orders')
@Controller('orders')
@UseFilters(OrderErrorFilter)
export class OrdersHttpController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Place an order: publishes OrderPlaced keyed by customer id (idempotent producer, acks=all).' })
  @ApiBody({ schema: PlaceOrderRequestJsonSchema as object })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat a request safely: the same key and body get the first answer again (24 h).' })
  @ApiResponse({ status: 201, description: '{orderId, partition, offset}: the broker acknowledged it' })
  @ApiResponse({ status: 202, description: '{orderId, status: "pending", statusUrl}: on its way when the deadline passed; it will be placed (poll statusUrl)' })
  @ApiResponse({ status: 400, description: 'invalid body, with one error per field' })
  @ApiResponse({ status: 409, description: 'a request with the same Idempotency-Key is in progress' })
  @ApiResponse({ status: 422, description: 'the Idempotency-Key was used with a different body' })
  @ApiResponse({ status: 503, description: 'not placed, and never will be from this request: broker or Redis unavailable, or too many orders waiting (Retry-After)' })
  async place(
    @Body(new ZodBodyPipe(PlaceOrderRequestSchema)) body: PlaceOrderRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const answer = await this.orders.place(body, idempotencyKey || undefined);
    res.status(answer.status);
    const statusUrl = (answer.body as { statusUrl?: string }).statusUrl;
    if (statusUrl) res.setHeader('Location', statusUrl);
    return answer.body;
  }

  @Get(':id')
  @ApiOperation({ summary: 'An order: state "pending" (being sent) or "accepted" with where it landed in Kafka' })
  @ApiResponse({ status: 404, description: 'unknown order id' })
  async get(@Param('id') id: string): Promise<unknown> {
    return this.orders.get(id);
  }
}

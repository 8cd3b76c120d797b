import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import {
  ApiVersionsRequest,
  ApiVersionsResponse,
  FrameSplitter,
  decodeResponse,
  encodeRequest,
} from '@orderlab/kafka-protocol';
import { silentLogger } from '@orderlab/shared';
import { Dispatcher } from '../../src/server/dispatcher';
import { defineHandler, type AnyHandler } from '../../src/server/handler';
import { KafkaServer } from '../../src/server/kafka-server';

/** A handler whose answers the test releases by hand, in any order. */
function gatedHandler() {
  const gates: Array<(v: number) => void> = [];
  const handler = defineHandler({
    request: ApiVersionsRequest,
    response: ApiVersionsResponse,
    minVersion: 0,
    maxVersion: 3,
    handle: () => new Promise((resolve) => gates.push((throttleTimeMs) => resolve({ errorCode: 0, apiKeys: [], throttleTimeMs }))),
  });
  return { handler: handler as unknown as AnyHandler, gates };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('responses go out in request order even when handlers finish out of order', async () => {
  const { handler, gates } = gatedHandler();
  const server = new KafkaServer(new Dispatcher([handler], silentLogger), { maxFrameBytes: 1 << 20, maxQueuedRequests: 100, maxQueuedBytes: 1 << 20 }, silentLogger);
  const port = await server.listen('127.0.0.1', 0);
  const socket = connect(port, '127.0.0.1');
  const splitter = new FrameSplitter();
  const order: number[] = [];
  socket.on('data', (d: Buffer) => {
    for (const f of splitter.push(d)) order.push(decodeResponse(ApiVersionsResponse, 1, f).correlationId);
  });
  for (let id = 1; id <= 3; id++) socket.write(encodeRequest(ApiVersionsRequest, 1, id, 't', {}));
  await until(() => gates.length === 3, 'three requests dispatched');
  gates[2]?.(0);
  gates[1]?.(0);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(order, [], 'nothing is sent while the first request is unanswered');
  gates[0]?.(0);
  await until(() => order.length === 3, 'three responses');
  assert.deepEqual(order, [1, 2, 3]);
  socket.destroy();
  await server.close();
});

test('reading stops while too many requests are unanswered, and resumes when they drain', async () => {
  const { handler, gates } = gatedHandler();
  const server = new KafkaServer(new Dispatcher([handler], silentLogger), { maxFrameBytes: 1 << 20, maxQueuedRequests: 5, maxQueuedBytes: 1 << 20 }, silentLogger);
  const port = await server.listen('127.0.0.1', 0);
  const socket = connect(port, '127.0.0.1');
  socket.on('data', () => undefined);
  // Many requests in separate writes, so the broker sees them as they arrive.
  for (let id = 1; id <= 40; id++) socket.write(encodeRequest(ApiVersionsRequest, 1, id, 't', {}));
  await until(() => gates.length >= 5, 'the first five requests');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(gates.length, 5, 'no more than maxQueuedRequests are in the broker at once');
  let released = 0;
  while (released < 40) {
    await until(() => gates.length > released, 'more requests after draining');
    gates[released++]?.(0);
  }
  assert.equal(gates.length, 40, 'every request was eventually read and answered');
  socket.destroy();
  await server.close();
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { ApiVersionsRequest, ApiVersionsResponse, DescribeQuorumRequest, DescribeQuorumResponse, MetadataRequest, MetadataResponse, ProduceRequest, ProduceResponse, encodeResponse } from '@orderlab/kafka-protocol';
import { NO_RESPONSE, defineHandler, type AnyHandler } from '../../src/server/handler';
import { KafkaConnection } from '../../src/client/kafka-connection';
import { NetError } from '../../src/client/net-error';
import { gatedApiVersions, killPeer, startPeerProcess, startServer, until } from './test-servers';

const ApiVersions = { request: ApiVersionsRequest, response: ApiVersionsResponse };
const Metadata = { request: MetadataRequest, response: MetadataResponse };
const started = Date.now();
test.after(() => console.log(`kafka-connection tests took ${Date.now() - started} ms`));

function isNetError(code: NetError['code'], message?: RegExp) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof NetError, `a NetError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  };
}

test('pipelined requests are all written before any answer, and each gets its own response whatever the completion order', async () => {
  const { handler, gates } = gatedApiVersions();
  const { server, port } = await startServer([handler]);
  const conn = await KafkaConnection.connect({ host: '127.0.0.1', port });
  try {
    const answers = [0, 1, 2].map(() => conn.request(ApiVersions, 3, {}));
    await until(() => gates.length === 3, 'three requests at the server before any answer');
    assert.equal(conn.inFlightCount, 3);
    gates[2]?.();
    gates[0]?.();
    gates[1]?.();
    const throttles = (await Promise.all(answers)).map((a) => a.throttleTimeMs);
    assert.deepEqual(throttles, [0, 1, 2], 'request i got the answer of handler i');
  } finally {
    conn.close();
    await server.close();
  }
});

test('a request with no answer in time fails with NET.TIMEOUT; the connection stays usable and the late answer is dropped', async () => {
  const { handler, gates } = gatedApiVersions();
  const { server, port } = await startServer([handler]);
  const conn = await KafkaConnection.connect({ host: '127.0.0.1', port });
  try {
    const t0 = Date.now();
    await assert.rejects(conn.request(ApiVersions, 3, {}, { timeoutMs: 150 }), isNetError('NET.TIMEOUT', /ApiVersionsRequest v3 .* within 150 ms/));
    assert.ok(Date.now() - t0 >= 140, 'not before the timeout');
    const next = conn.request(ApiVersions, 3, {});
    await until(() => gates.length === 2, 'the second request at the server');
    gates[0]?.();
    gates[1]?.();
    assert.equal((await next).throttleTimeMs, 1, 'the timed-out request’s late answer is not taken for the next one');
    assert.equal(conn.isClosed, false);
  } finally {
    conn.close();
    await server.close();
  }
});

test('a flexible API (DescribeQuorum v2): request header v2 read by the server, response header v1 read by the client', async () => {
  const describe = defineHandler({
    request: DescribeQuorumRequest,
    response: DescribeQuorumResponse,
    minVersion: 0,
    maxVersion: 2,
    handle: (req) => ({ errorCode: 0, topics: req.topics.map((t) => ({ topicName: t.topicName, partitions: [{ partitionIndex: 0, leaderId: 1, leaderEpoch: 7, highWatermark: 42, currentVoters: [{ replicaId: 1, logEndOffset: 42 }], observers: [] }] })), nodes: [{ nodeId: 1, listeners: [{ name: 'CONTROLLER', host: 'localhost', port: 9093 }] }] }),
  });
  const { server, port } = await startServer([describe as unknown as AnyHandler]);
  const conn = await KafkaConnection.connect({ host: '127.0.0.1', port, clientId: 'quorum-tool' });
  try {
    const res = await conn.request({ request: DescribeQuorumRequest, response: DescribeQuorumResponse }, 2, { topics: [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] }] });
    assert.equal(res.topics[0]?.topicName, '__cluster_metadata');
    assert.deepEqual([res.topics[0]?.partitions[0]?.highWatermark, res.nodes[0]?.listeners[0]?.port], [42, 9093]);
  } finally {
    conn.close();
    await server.close();
  }
});

test('requests that expect no response (acks=0) do not disturb correlation of later ones', async () => {
  let produced = 0;
  const produce = defineHandler({ request: ProduceRequest, response: ProduceResponse, minVersion: 3, maxVersion: 7, handle: () => (produced++, NO_RESPONSE) });
  const { handler, gates } = gatedApiVersions();
  const { server, port } = await startServer([handler, produce as unknown as AnyHandler]);
  const conn = await KafkaConnection.connect({ host: '127.0.0.1', port });
  try {
    await conn.send(ProduceRequest, 7, { acks: 0, timeoutMs: 1000, topicData: [] });
    await conn.send(ProduceRequest, 7, { acks: 0, timeoutMs: 1000, topicData: [] });
    const answer = conn.request(ApiVersions, 3, {});
    await until(() => gates.length === 1, 'the ApiVersions request');
    gates[0]?.();
    assert.equal((await answer).throttleTimeMs, 0);
    assert.equal(produced, 2);
  } finally {
    conn.close();
    await server.close();
  }
});

test('a response frame above maxResponseBytes closes the connection and fails every request in flight with NET.FRAME_TOO_LARGE', async () => {
  const { handler, gates } = gatedApiVersions();
  const { server, port } = await startServer([handler]);
  const conn = await KafkaConnection.connect({ host: '127.0.0.1', port, maxResponseBytes: 4096 });
  try {
    const big = conn.request(ApiVersions, 3, {});
    const other = conn.request(ApiVersions, 3, {});
    other.catch(() => undefined); // asserted below, after `big`
    await until(() => gates.length === 2, 'both requests at the server');
    gates[0]?.({ errorCode: 0, apiKeys: Array.from({ length: 2000 }, (_, i) => ({ apiKey: i, minVersion: 0, maxVersion: 1 })), throttleTimeMs: 0 });
    await assert.rejects(big, isNetError('NET.FRAME_TOO_LARGE', /exceeds 4096/));
    await assert.rejects(other, isNetError('NET.FRAME_TOO_LARGE'));
    assert.equal(conn.isClosed, true);
    await assert.rejects(conn.request(ApiVersions, 3, {}), isNetError('NET.FRAME_TOO_LARGE'), 'a finished connection refuses new requests with its reason');
  } finally {
    conn.close();
    await server.close();
  }
});

test('a response that answers no request we sent closes the connection with NET.BAD_RESPONSE', async () => {
  const rogue = createServer((socket) => socket.once('data', () => socket.write(Buffer.concat(encodeResponse(ApiVersionsResponse, 0, 999, { errorCode: 0, apiKeys: [] })))));
  const port = await new Promise<number>((resolve) => rogue.listen(0, '127.0.0.1', () => resolve((rogue.address() as { port: number }).port)));
  const conn = await KafkaConnection.connect({ host: '127.0.0.1', port });
  try {
    await assert.rejects(conn.request(ApiVersions, 0, {}), isNetError('NET.BAD_RESPONSE', /correlation id 999/));
  } finally {
    conn.close();
    rogue.close();
  }
});

test('connecting to a port nobody listens on fails with NET.CONNECT_FAILED', async () => {
  const probe = createServer();
  const port = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)));
  await new Promise((r) => probe.close(r));
  await assert.rejects(KafkaConnection.connect({ host: '127.0.0.1', port, connectTimeoutMs: 2000 }), isNetError('NET.CONNECT_FAILED', /ECONNREFUSED/));
});

test('a peer process SIGKILLed with requests in flight: every pending request fails with NET.CLOSED', async () => {
  const peer = await startPeerProcess();
  try {
    const conn = await KafkaConnection.connect({ host: '127.0.0.1', port: peer.port });
    assert.equal((await conn.request(ApiVersions, 3, {})).errorCode, 0, 'the peer answers');
    const pending = [conn.request(Metadata, 8, { topics: null }), conn.request(Metadata, 8, { topics: null })];
    await until(() => conn.inFlightCount === 2, 'two Metadata requests in flight');
    const outcomes = Promise.allSettled(pending);
    await killPeer(peer);
    for (const o of await outcomes) {
      assert.equal(o.status, 'rejected');
      if (o.status === 'rejected') isNetError('NET.CLOSED')(o.reason);
    }
    assert.equal(conn.inFlightCount, 0);
    assert.match((await conn.closed).message, /127\.0\.0\.1:\d+/);
  } finally {
    await killPeer(peer);
  }
});

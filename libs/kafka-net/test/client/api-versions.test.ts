import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiVersionsRequest, ApiVersionsResponse, FetchRequest, MetadataRequest } from '@orderlab/kafka-protocol';
import { defineHandler, type AnyHandler } from '../../src/server/handler';
import { chooseVersion, fetchApiVersions } from '../../src/client/api-versions';
import { KafkaConnection } from '../../src/client/kafka-connection';
import { NetError } from '../../src/client/net-error';
import { startServer } from './test-servers';

function apiVersionsHandler(maxVersion: number, seen: number[]): AnyHandler {
  return defineHandler({
    request: ApiVersionsRequest,
    response: ApiVersionsResponse,
    minVersion: 0,
    maxVersion,
    handle: (_req, ctx) => {
      seen.push(ctx.apiVersion);
      return { errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion }, { apiKey: 1, minVersion: 4, maxVersion: 12 }], throttleTimeMs: 0 };
    },
  }) as unknown as AnyHandler;
}

for (const [peerMax, expectedTries] of [[3, [3]], [2, [2]], [1, [1]]] as const) {
  test(`ApiVersions handshake against a peer serving v0-${peerMax}: versions sent ${JSON.stringify(expectedTries)} after the v3 try`, async () => {
    const seen: number[] = [];
    const { server, port } = await startServer([apiVersionsHandler(peerMax, seen)]);
    const conn = await KafkaConnection.connect({ host: '127.0.0.1', port });
    try {
      const ranges = await fetchApiVersions(conn);
      assert.deepEqual(seen, expectedTries, 'a rejected v3 is answered by the dispatcher itself (v0 error body), then the peer’s own maximum is used');
      assert.deepEqual(ranges.get(1), { minVersion: 4, maxVersion: 12 });
      assert.equal(chooseVersion(ranges, FetchRequest, { minVersion: 4, maxVersion: 17 }), 12);
      assert.throws(() => chooseVersion(ranges, MetadataRequest, { minVersion: 0, maxVersion: 8 }), (e: unknown) => e instanceof NetError && e.code === 'NET.UNSUPPORTED_VERSION');
      assert.throws(() => chooseVersion(ranges, FetchRequest, { minVersion: 13, maxVersion: 17 }), /offers FetchRequest versions 4-12, we need 13-17/);
    } finally {
      conn.close();
      await server.close();
    }
  });
}

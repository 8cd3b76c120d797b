import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiVersionsRequest, ApiVersionsResponse } from '@orderlab/kafka-protocol';
import { NodeChannels } from '../../src/client/node-channels';
import { NetError, isTransientNetError } from '../../src/client/net-error';
import { gatedApiVersions, killPeer, startPeerProcess, startServer, until, type PeerProcess } from './test-servers';

const ApiVersions = { request: ApiVersionsRequest, response: ApiVersionsResponse };
const backoff = { baseMs: 50, maxMs: 400, jitter: 0 };
const started = Date.now();
test.after(() => console.log(`node-channels tests took ${Date.now() - started} ms`));

test('requests by node id connect lazily, reuse one connection, and fail fast for unknown nodes', async () => {
  const { handler, gates } = gatedApiVersions();
  const { server, port } = await startServer([handler]);
  const channels = new NodeChannels({ backoff });
  try {
    await assert.rejects(channels.request(3, ApiVersions, 3, {}), (e: unknown) => e instanceof NetError && e.code === 'NET.UNKNOWN_NODE');
    channels.setEndpoint(3, { host: '127.0.0.1', port });
    const answers = [channels.request(3, ApiVersions, 3, {}), channels.request(3, ApiVersions, 3, {})];
    await until(() => gates.length === 2, 'both requests at the server');
    gates.forEach((g) => g());
    await Promise.all(answers);
    assert.equal(await channels.connection(3), await channels.connection(3), 'one connection per node');
  } finally {
    channels.close();
    await server.close();
  }
});

test('a node whose process is SIGKILLed and restarted: requests fail with transient errors, back off, then succeed again', async () => {
  let peer: PeerProcess | undefined = await startPeerProcess();
  const channels = new NodeChannels({ backoff, connectTimeoutMs: 1000 });
  try {
    const port = peer.port;
    channels.setEndpoint(1, { host: '127.0.0.1', port });
    assert.equal((await channels.request(1, ApiVersions, 3, {})).errorCode, 0);
    await killPeer(peer);
    peer = undefined;
    const errors: string[] = [];
    const deadline = Date.now() + 2000;
    while (Date.now() < deadline && errors.length < 5) {
      try {
        await channels.request(1, ApiVersions, 3, {}, { timeoutMs: 500 });
        assert.fail('a dead node answered');
      } catch (e) {
        assert.ok(isTransientNetError(e), `transient: ${String(e)}`);
        errors.push((e as NetError).code);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(errors.includes('NET.BACKOFF'), `fails fast while backing off: ${errors.join(', ')}`);
    assert.ok(errors.includes('NET.CONNECT_FAILED'), `reconnects are attempted: ${errors.join(', ')}`);
    peer = await startPeerProcess(port);
    let recovered = false;
    const restartDeadline = Date.now() + 5000;
    while (!recovered && Date.now() < restartDeadline) {
      recovered = await channels.request(1, ApiVersions, 3, {}, { timeoutMs: 500 }).then(
        (r) => r.errorCode === 0,
        () => false,
      );
      if (!recovered) await new Promise((r) => setTimeout(r, 25));
    }
    assert.ok(recovered, 'the restarted node is reached again within the backoff cap');
  } finally {
    channels.close();
    await killPeer(peer);
  }
});

test('a changed endpoint closes the old connection and the next request goes to the new address', async () => {
  const a = await startServer([gatedApiVersions().handler]);
  const b = gatedApiVersions();
  const bServer = await startServer([b.handler]);
  const channels = new NodeChannels({ backoff });
  try {
    channels.setEndpoint(2, { host: '127.0.0.1', port: a.port });
    const old = await channels.connection(2);
    channels.setEndpoint(2, { host: '127.0.0.1', port: bServer.port });
    assert.equal(old.isClosed, true);
    const answer = channels.request(2, ApiVersions, 3, {});
    await until(() => b.gates.length === 1, 'the request at the new address');
    b.gates[0]?.();
    assert.equal((await answer).errorCode, 0);
  } finally {
    channels.close();
    await a.server.close();
    await bServer.server.close();
  }
});

/**
 * A Kafka-protocol server in its own process, for tests that SIGKILL their peer: it answers
 * ApiVersions at once and never answers Metadata (a request left in flight when it is killed).
 * Usage: node peer-server.js <port> ; prints {"port": N} once listening; exits when stdin closes,
 * so it never outlives the test that started it.
 */
import { ApiVersionsRequest, ApiVersionsResponse, MetadataRequest, MetadataResponse } from '@orderlab/kafka-protocol';
import { silentLogger } from '@orderlab/shared';
import { Dispatcher } from '../../src/server/dispatcher';
import { defineHandler, type AnyHandler } from '../../src/server/handler';
import { KafkaServer } from '../../src/server/kafka-server';

const handlers = [
  defineHandler({ request: ApiVersionsRequest, response: ApiVersionsResponse, minVersion: 0, maxVersion: 3, handle: () => ({ errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }], throttleTimeMs: 0 }) }),
  defineHandler({ request: MetadataRequest, response: MetadataResponse, minVersion: 0, maxVersion: 8, handle: () => new Promise<never>(() => undefined) }),
] as unknown as AnyHandler[];

const server = new KafkaServer(new Dispatcher(handlers, silentLogger), { maxFrameBytes: 1 << 20, maxQueuedRequests: 100, maxQueuedBytes: 1 << 20 }, silentLogger);
server.listen('127.0.0.1', Number(process.argv[2] ?? 0)).then(
  (port) => process.stdout.write(`${JSON.stringify({ port })}\n`),
  (err: Error) => {
    process.stderr.write(`peer-server cannot listen: ${err.message}\n`);
    process.exitCode = 1;
  },
);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();

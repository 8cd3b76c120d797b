/** Servers for the client tests: an in-process KafkaServer with chosen handlers, and a peer process to SIGKILL. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ApiVersionsRequest, ApiVersionsResponse, type MessageInput } from '@orderlab/kafka-protocol';
import { silentLogger } from '@orderlab/shared';
import { Dispatcher } from '../../src/server/dispatcher';
import { defineHandler, type AnyHandler, type ApiHandler } from '../../src/server/handler';
import { KafkaServer } from '../../src/server/kafka-server';

export async function startServer(handlers: ReadonlyArray<ApiHandler<never, never> | AnyHandler>): Promise<{ server: KafkaServer; port: number }> {
  const server = new KafkaServer(new Dispatcher(handlers as AnyHandler[], silentLogger), { maxFrameBytes: 1 << 20, maxQueuedRequests: 100, maxQueuedBytes: 1 << 20 }, silentLogger);
  const port = await server.listen('127.0.0.1', 0);
  return { server, port };
}

type ApiVersionsAnswer = MessageInput<typeof ApiVersionsResponse>;

/** ApiVersions whose answers the test releases by hand, in any order; the answer's throttleTimeMs names the gate. */
export function gatedApiVersions(maxVersion = 3) {
  const gates: Array<(answer?: ApiVersionsAnswer) => void> = [];
  const handler = defineHandler({
    request: ApiVersionsRequest,
    response: ApiVersionsResponse,
    minVersion: 0,
    maxVersion,
    handle: () => {
      const index = gates.length;
      return new Promise<ApiVersionsAnswer>((resolve) => gates.push((answer) => resolve(answer ?? { errorCode: 0, apiKeys: [], throttleTimeMs: index })));
    },
  });
  return { handler: handler as unknown as AnyHandler, gates };
}

export async function until(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface PeerProcess {
  readonly child: ChildProcess;
  readonly port: number;
}

/** Starts peer-server.js (port 0 = any free port) and resolves once it listens. */
export function startPeerProcess(port = 0): Promise<PeerProcess> {
  const child = spawn(process.execPath, [join(__dirname, 'peer-server.js'), String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('peer process did not start within 10 s')), 10_000);
    child.once('exit', (code) => reject(new Error(`peer process exited with ${code} before listening`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, port: (JSON.parse(line) as { port: number }).port });
    });
  });
}

export function killPeer(peer: PeerProcess | undefined): Promise<void> {
  if (!peer || peer.child.exitCode !== null || peer.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    peer.child.once('exit', () => resolve());
    peer.child.kill('SIGKILL');
  });
}

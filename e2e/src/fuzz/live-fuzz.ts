import { connect } from 'node:net';
import { ApiVersionsRequest, ApiVersionsResponse } from '@orderlab/kafka-protocol';
import { kafkaClient } from '../helpers/kafkajs-client';
import { RawKafkaClient } from '@orderlab/cli';
import { mutate, seedFrames } from './frame-corpus';
import { SeededRandom } from './seeded-random';

export interface LiveFuzzReport {
  readonly seed: number;
  readonly frames: number;
  readonly connections: number;
  readonly closedByBroker: number;
}

/**
 * Sends random and mutated frames at a live broker for `durationMs`, over short-lived
 * connections, a handful at a time. Returns counts; the caller then checks the broker.
 */
export async function fuzzLiveBroker(port: number, durationMs: number, seed: number, parallel = 4): Promise<LiveFuzzReport> {
  const probe = await RawKafkaClient.connect(port);
  const versions = await probe.send(ApiVersionsRequest, ApiVersionsResponse, 2, {});
  probe.close();
  const seeds = seedFrames(versions.apiKeys);
  const rng = new SeededRandom(seed);
  const deadline = Date.now() + durationMs;
  let frames = 0;
  let connections = 0;
  let closedByBroker = 0;
  const worker = async (): Promise<void> => {
    while (Date.now() < deadline) {
      connections++;
      const burst = Array.from({ length: 1 + rng.int(8) }, () => mutate(rng, seeds));
      frames += burst.length;
      if (await sendBurst(port, burst)) closedByBroker++;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { seed, frames, connections, closedByBroker };
}

/** Write the frames on one connection; resolve true if the broker closed it within 200 ms. */
function sendBurst(port: number, frames: Buffer[]): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let closed = false;
    const timer = setTimeout(() => {
      s.destroy();
      resolve(closed);
    }, 200);
    s.on('data', () => undefined);
    s.on('error', () => undefined);
    s.on('close', () => {
      closed = true;
      clearTimeout(timer);
      resolve(true);
    });
    s.on('connect', () => {
      for (const f of frames) s.write(f);
    });
  });
}

/** The topic the seed frames name, created up front so mutated produces and fetches reach real partitions. */
export async function createFuzzTopics(bootstrap: string): Promise<void> {
  const admin = kafkaClient(bootstrap).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'fuzz', numPartitions: 2 }] });
  await admin.disconnect();
}

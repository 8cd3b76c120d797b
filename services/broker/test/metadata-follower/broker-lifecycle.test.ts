import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { silentLogger } from '@orderlab/shared';
import { BrokerLifecycle, type BrokerState } from '../../src/metadata-follower/broker-lifecycle';
import type { ControllerClient } from '../../src/metadata-follower/controller-client';

type Answer = Record<string, unknown>;

/** A stand-in for the active controller: answers registrations and heartbeats from queues. */
function fakeController(registrations: Answer[], heartbeats: Answer[]) {
  const sent: Array<{ api: string; body: Record<string, unknown> }> = [];
  const client = {
    async send(api: { request: { name: string } }, _v: number, body: Record<string, unknown>) {
      sent.push({ api: api.request.name, body });
      const queue = api.request.name === 'BrokerRegistrationRequest' ? registrations : heartbeats;
      const response = queue.length > 1 ? queue.shift()! : queue[0]!;
      return { controllerId: 1001, response };
    },
  } as unknown as ControllerClient;
  return { client, sent };
}

function lifecycle(client: ControllerClient, applied: { offset: number }, fatal: string[] = []) {
  const states: BrokerState[] = [];
  const l = new BrokerLifecycle(client, {
    brokerId: 1, clusterId: 'c', listener: { host: 'h', port: 9092 }, heartbeatIntervalMs: 5,
    appliedOffset: () => applied.offset, onFatal: (m) => fatal.push(m),
  }, silentLogger);
  l.onState((s) => states.push(s));
  return { l, states };
}

const until = async (cond: () => boolean): Promise<void> => {
  const deadline = Date.now() + 2000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 2));
  }
};

test('registers with a fresh incarnation, is fenced, heartbeats its applied offset, and is unfenced when the controller says so', async () => {
  const applied = { offset: 3 };
  const c = fakeController([{ errorCode: 0, brokerEpoch: 7 }], [{ errorCode: 0, isFenced: true }, { errorCode: 0, isFenced: false }]);
  const { l, states } = lifecycle(c.client, applied);
  l.start();
  await until(() => l.state === 'unfenced');
  await l.shutDown(10);
  assert.deepEqual(states.slice(0, 2), ['fenced', 'unfenced']);
  const reg = c.sent.find((s) => s.api === 'BrokerRegistrationRequest')!;
  assert.equal((reg.body.incarnationId as Buffer).length, 16);
  assert.notDeepEqual(reg.body.incarnationId, new BrokerLifecycle(c.client, { brokerId: 1, clusterId: 'c', listener: { host: 'h', port: 1 }, heartbeatIntervalMs: 5, appliedOffset: () => 0, onFatal: () => undefined }, silentLogger).incarnationId, 'a new incarnation per process start');
  const beat = c.sent.find((s) => s.api === 'BrokerHeartbeatRequest')!;
  assert.deepEqual([beat.body.brokerEpoch, beat.body.currentMetadataOffset], [7, 3]);
});

test('fenced by the controller (session expired) and back; a stale epoch means registering again', async () => {
  const c = fakeController(
    [{ errorCode: 0, brokerEpoch: 7 }, { errorCode: 0, brokerEpoch: 20 }],
    [{ errorCode: 0, isFenced: false }, { errorCode: 0, isFenced: true }, { errorCode: ErrorCode.STALE_BROKER_EPOCH }, { errorCode: 0, isFenced: false }],
  );
  const { l, states } = lifecycle(c.client, { offset: 30 });
  l.start();
  await until(() => l.brokerEpoch === 20 && l.state === 'unfenced');
  await l.shutDown(10);
  assert.deepEqual(states.slice(0, 5), ['fenced', 'unfenced', 'fenced', 'unregistered', 'fenced']);
});

test('another cluster\'s controller refuses the registration for good: fatal, with the reason', async () => {
  const fatal: string[] = [];
  const c = fakeController([{ errorCode: ErrorCode.INCONSISTENT_CLUSTER_ID, brokerEpoch: -1 }], [{ errorCode: 0, isFenced: true }]);
  const { l } = lifecycle(c.client, { offset: 0 }, fatal);
  l.start();
  await until(() => fatal.length > 0);
  await l.shutDown(10);
  assert.match(fatal[0]!, /INCONSISTENT_CLUSTER_ID/);
  assert.equal(l.state, 'unregistered');
});

test('a refused registration (the previous incarnation\'s session is still live) is retried until accepted', async () => {
  const c = fakeController([{ errorCode: ErrorCode.DUPLICATE_BROKER_REGISTRATION, brokerEpoch: -1 }, { errorCode: ErrorCode.DUPLICATE_BROKER_REGISTRATION, brokerEpoch: -1 }, { errorCode: 0, brokerEpoch: 9 }], [{ errorCode: 0, isFenced: false }]);
  const { l } = lifecycle(c.client, { offset: 9 });
  l.start();
  await until(() => l.state === 'unfenced');
  await l.shutDown(10);
  assert.equal(c.sent.filter((s) => s.api === 'BrokerRegistrationRequest').length, 3);
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicsRequest, CreateTopicsResponse, ErrorCode, errorInfo } from '@orderlab/kafka-protocol';
import { ControllerAdmin, ControllerQuorum, HeartbeatingBroker, waitFor } from '../../src';

describe('controller quorum: two of three controllers down', () => {
  let quorum: ControllerQuorum;
  let admin: ControllerAdmin;
  let broker: HeartbeatingBroker;
  const started = Date.now();

  before(async () => {
    quorum = await ControllerQuorum.start({ count: 3, args: ['--controller-request-timeout-ms', '2000'] });
    admin = new ControllerAdmin(() => quorum.endpoints().filter((e) => quorum.byId(e.nodeId).alive));
    broker = new HeartbeatingBroker(admin, 201, quorum.clusterId, 300).start();
    await quorum.leader();
    await waitFor(async () => (await admin.createTopic('before'))?.errorCode === ErrorCode.NONE, { timeoutMs: 15_000, description: 'a first topic' });
  });

  after(async () => {
    broker?.stop();
    await quorum?.stop();
    console.log(`quorum loss suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('metadata changes fail with a retriable REQUEST_TIMED_OUT naming the missing quorum, and work again when one returns', async () => {
    const leader = await quorum.leader();
    const survivor = quorum.controllers.find((c) => c !== leader)!;
    const down = quorum.controllers.filter((c) => c !== survivor);
    for (const c of down) await c.kill('SIGKILL');
    const failed = await waitFor(
      async () => {
        const r = await admin.requestTo(
          { nodeId: survivor.nodeId, host: '127.0.0.1', port: survivor.port },
          { request: CreateTopicsRequest, response: CreateTopicsResponse },
          5,
          { topics: [{ name: 'during-the-outage', numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 2000, validateOnly: false },
          10_000,
        );
        // Until its fetch timeout the survivor still names the dead leader (NOT_CONTROLLER, as Kafka answers).
        return r.topics[0]?.errorCode === ErrorCode.NOT_CONTROLLER ? undefined : r.topics[0];
      },
      { timeoutMs: 15_000, description: 'an answer other than NOT_CONTROLLER from the surviving controller' },
    );
    assert.equal(failed.errorCode, ErrorCode.REQUEST_TIMED_OUT, `answered ${failed.errorCode}: ${failed.errorMessage}`);
    assert.equal(errorInfo(failed.errorCode).retriable, true);
    assert.match(failed.errorMessage ?? '', /no quorum/);
    assert.match(failed.errorMessage ?? '', /2 of 3 voters/);
    for (const c of down) assert.match(failed.errorMessage ?? '', new RegExp(`\\b${c.nodeId}\\b`), `the message names controller ${c.nodeId}`);
    const health = await fetch(`${survivor.url}/health`);
    assert.equal(health.status, 503, 'the survivor does not claim to be healthy');

    const back = down[0]!;
    const returnedAt = Date.now();
    await back.start();
    await waitFor(async () => (await admin.createTopic('after-the-outage', 1, 2000))?.errorCode === ErrorCode.NONE, { timeoutMs: 20_000, description: 'CreateTopics to succeed with two controllers' });
    console.log(`  one controller back → CreateTopics committed after ${Date.now() - returnedAt} ms`);
    const names = ((await quorum.agreedMetadata()) as unknown as { topics: Array<{ name: string }> }).topics.map((t) => t.name).sort();
    assert.deepEqual(names, ['after-the-outage', 'before'], 'the timed-out request was never committed');
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AllocateProducerIdsRequest,
  AllocateProducerIdsResponse,
  AlterConfigsRequest,
  AlterConfigsResponse,
  CreatePartitionsRequest,
  CreatePartitionsResponse,
  DeleteTopicsRequest,
  DeleteTopicsResponse,
  ElectLeadersRequest,
  ElectLeadersResponse,
  ErrorCode,
  IncrementalAlterConfigsRequest,
  IncrementalAlterConfigsResponse,
} from '@orderlab/kafka-protocol';
import { ControllerAdmin, ControllerQuorum, HeartbeatingBroker, waitFor, type ControllerEndpoint } from '../../src';

interface MetadataBody {
  topics: Array<{ name: string; configs: Record<string, string>; partitions: Array<{ partition: number; leader: number }> }>;
}
const TOPIC = 2;

/** The admin APIs through the wire, against the active controller of a 3-voter quorum; each answer reflects a committed change. */
describe('controller admin APIs over the Kafka wire', () => {
  let quorum: ControllerQuorum;
  let admin: ControllerAdmin;
  let broker: HeartbeatingBroker;
  let active: ControllerEndpoint;
  const started = Date.now();
  const topic = async (name: string) => ((await quorum.agreedMetadata()) as unknown as MetadataBody).topics.find((t) => t.name === name);

  before(async () => {
    quorum = await ControllerQuorum.start({ count: 3 });
    admin = new ControllerAdmin(() => quorum.endpoints().filter((e) => quorum.byId(e.nodeId).alive));
    broker = new HeartbeatingBroker(admin, 21, quorum.clusterId, 300).start();
    const leader = await quorum.leader();
    active = { nodeId: leader.nodeId, host: '127.0.0.1', port: leader.port };
    await waitFor(async () => (await admin.createTopic('admin', 2))?.errorCode === ErrorCode.NONE, { timeoutMs: 15_000, description: 'a topic' });
  });

  after(async () => {
    broker?.stop();
    await quorum?.stop();
    console.log(`admin APIs suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  test('CreatePartitions grows a topic; too few is INVALID_PARTITIONS with Kafka\'s message', async () => {
    const grow = await admin.requestTo(active, { request: CreatePartitionsRequest, response: CreatePartitionsResponse }, 3, { topics: [{ name: 'admin', count: 4, assignments: null }], timeoutMs: 5000, validateOnly: false });
    assert.equal(grow.results[0]?.errorCode, ErrorCode.NONE);
    assert.equal((await topic('admin'))?.partitions.length, 4);
    const shrink = await admin.requestTo(active, { request: CreatePartitionsRequest, response: CreatePartitionsResponse }, 3, { topics: [{ name: 'admin', count: 2, assignments: null }], timeoutMs: 5000, validateOnly: false });
    assert.equal(shrink.results[0]?.errorCode, ErrorCode.INVALID_PARTITIONS);
    assert.match(shrink.results[0]?.errorMessage ?? '', /4/);
  });

  test('IncrementalAlterConfigs SET and DELETE, legacy AlterConfigs replaces; bad values are INVALID_CONFIG', async () => {
    const set = await admin.requestTo(active, { request: IncrementalAlterConfigsRequest, response: IncrementalAlterConfigsResponse }, 1, { resources: [{ resourceType: TOPIC, resourceName: 'admin', configs: [{ name: 'retention.ms', configOperation: 0, value: '60000' }, { name: 'segment.bytes', configOperation: 0, value: '1048576' }] }], validateOnly: false });
    assert.equal(set.responses[0]?.errorCode, ErrorCode.NONE);
    assert.deepEqual((await topic('admin'))?.configs, { 'retention.ms': '60000', 'segment.bytes': '1048576' });
    const del = await admin.requestTo(active, { request: IncrementalAlterConfigsRequest, response: IncrementalAlterConfigsResponse }, 1, { resources: [{ resourceType: TOPIC, resourceName: 'admin', configs: [{ name: 'segment.bytes', configOperation: 1, value: null }] }], validateOnly: false });
    assert.equal(del.responses[0]?.errorCode, ErrorCode.NONE);
    const legacy = await admin.requestTo(active, { request: AlterConfigsRequest, response: AlterConfigsResponse }, 1, { resources: [{ resourceType: TOPIC, resourceName: 'admin', configs: [{ name: 'max.message.bytes', value: '2048' }] }], validateOnly: false });
    assert.equal(legacy.responses[0]?.errorCode, ErrorCode.NONE);
    assert.deepEqual((await topic('admin'))?.configs, { 'max.message.bytes': '2048' }, 'legacy AlterConfigs replaces every override');
    const bad = await admin.requestTo(active, { request: IncrementalAlterConfigsRequest, response: IncrementalAlterConfigsResponse }, 1, { resources: [{ resourceType: TOPIC, resourceName: 'admin', configs: [{ name: 'retention.ms', configOperation: 0, value: 'soon' }] }], validateOnly: false });
    assert.equal(bad.responses[0]?.errorCode, ErrorCode.INVALID_CONFIG);
  });

  test('ElectLeaders (preferred): ELECTION_NOT_NEEDED when the preferred replica leads; UNCLEAN is refused', async () => {
    const preferred = await admin.requestTo(active, { request: ElectLeadersRequest, response: ElectLeadersResponse }, 2, { electionType: 0, topicPartitions: [{ topic: 'admin', partitions: [0] }], timeoutMs: 5000 });
    assert.equal(preferred.replicaElectionResults[0]?.partitionResult[0]?.errorCode, ErrorCode.ELECTION_NOT_NEEDED);
    const unclean = await admin.requestTo(active, { request: ElectLeadersRequest, response: ElectLeadersResponse }, 2, { electionType: 1, topicPartitions: [{ topic: 'admin', partitions: [0] }], timeoutMs: 5000 });
    assert.notEqual(unclean.errorCode === ErrorCode.NONE ? unclean.replicaElectionResults[0]?.partitionResult[0]?.errorCode : unclean.errorCode, ErrorCode.NONE);
  });

  test('AllocateProducerIds hands out disjoint blocks of 1000, also across a controller failover', async () => {
    const reg = await waitFor(() => broker.registration, { timeoutMs: 10_000, description: 'the broker registered' });
    const allocate = async () => {
      const r = await admin.toActive({ request: AllocateProducerIdsRequest, response: AllocateProducerIdsResponse }, 0, { brokerId: 21, brokerEpoch: broker.registration?.brokerEpoch ?? reg.brokerEpoch }, (res) => res.errorCode !== ErrorCode.NOT_CONTROLLER);
      return r?.response;
    };
    const first = await allocate();
    const second = await allocate();
    assert.deepEqual([first?.errorCode, second?.errorCode, first?.producerIdLen], [0, 0, 1000]);
    assert.equal(second!.producerIdStart, first!.producerIdStart + 1000);
    const leader = await quorum.leader();
    await leader.kill('SIGKILL');
    const third = await waitFor(async () => { const r = await allocate(); return r?.errorCode === ErrorCode.NONE ? r : undefined; }, { timeoutMs: 15_000, description: 'a block from the new controller' });
    assert.ok(third.producerIdStart >= second!.producerIdStart + 1000, `no block handed out twice (${third.producerIdStart} after ${second!.producerIdStart})`);
    await leader.start();
    active = { nodeId: (await quorum.leader()).nodeId, host: '127.0.0.1', port: (await quorum.leader()).port };
  });

  test('DeleteTopics removes the topic everywhere; an unknown one is UNKNOWN_TOPIC_OR_PARTITION', async () => {
    const r = await admin.toActive({ request: DeleteTopicsRequest, response: DeleteTopicsResponse }, 4, { topicNames: ['admin', 'no-such-topic'], timeoutMs: 5000 }, (res) => res.responses[0]?.errorCode !== ErrorCode.NOT_CONTROLLER);
    assert.deepEqual(r?.response.responses.map((x) => [x.name, x.errorCode]), [['admin', ErrorCode.NONE], ['no-such-topic', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]]);
    assert.equal(await topic('admin'), undefined);
  });
});

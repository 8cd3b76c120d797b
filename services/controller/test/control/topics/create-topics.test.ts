import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '@orderlab/kafka-protocol';
import { uuidToString } from '@orderlab/metadata';
import type { CreatableTopic } from '../../../src/control';
import { Harness, seededRandom } from '../kit';

const topic = (name: string, numPartitions = 1, replicationFactor = 1, extra: Partial<CreatableTopic> = {}): CreatableTopic => ({
  name,
  numPartitions,
  replicationFactor,
  assignments: [],
  configs: [],
  ...extra,
});

function create(h: Harness, topics: CreatableTopic[], validateOnly = false) {
  return h.runWithRecords((image) => h.control.createTopics(image, topics, validateOnly));
}

test('a topic is one TopicRecord, its ConfigRecords, then a PartitionRecord per partition, in one batch', () => {
  const h = new Harness();
  h.addBrokers(1, 2, 3);
  const { records, response } = create(h, [topic('orders', 3, 2, { configs: [{ name: 'segment.bytes', value: '2048' }, { name: 'retention.ms', value: '60000' }] })]);
  assert.deepEqual(records.map((r) => r.type), ['Topic', 'Config', 'Config', 'Partition', 'Partition', 'Partition']);
  assert.deepEqual(records.filter((r) => r.type === 'Config').map((r) => r.type === 'Config' && r.name), ['retention.ms', 'segment.bytes']);
  assert.deepEqual(response, [{ name: 'orders', topicId: Buffer.alloc(16, 1), numPartitions: 3, replicationFactor: 2, errorCode: 0, errorMessage: null }]);
  assert.equal(h.image.topicIdsByName.get('orders'), uuidToString(Buffer.alloc(16, 1)));
  assert.deepEqual([0, 1, 2].map((p) => h.partition('orders', p).replicas), [[1, 2], [2, 3], [3, 1]]);
  assert.deepEqual([0, 1, 2].map((p) => [h.partition('orders', p).leader, h.partition('orders', p).isr]), [[1, [1, 2]], [2, [2, 3]], [3, [3, 1]]]);
});

test('placement is striped over active brokers from a random start, so leaders spread across topics', () => {
  const h = new Harness({}, seededRandom(42));
  h.addBrokers(1, 2, 3, 4);
  h.heartbeat(4, { wantFence: true });
  const leaders = new Map<number, number>();
  for (let i = 0; i < 30; i++) {
    h.createTopic(`t${i}`, 1, 2);
    const p = h.partition(`t${i}`, 0);
    assert.ok(!p.replicas.includes(4), 'a fenced broker gets no replicas');
    leaders.set(p.leader, (leaders.get(p.leader) ?? 0) + 1);
  }
  assert.deepEqual([...leaders.keys()].sort(), [1, 2, 3]);
  for (const count of leaders.values()) assert.ok(count >= 5, `leaders are spread: ${JSON.stringify([...leaders])}`);
});

test('-1 takes the configured defaults; too few active brokers is INVALID_REPLICATION_FACTOR with Kafka message', () => {
  const h = new Harness({ defaultPartitions: 4, defaultReplicationFactor: 2 });
  h.addBrokers(1, 2);
  assert.deepEqual(create(h, [topic('d', -1, -1)]).response.map((r) => [r.numPartitions, r.replicationFactor]), [[4, 2]]);
  const r = create(h, [topic('big', 1, 3)]);
  assert.deepEqual(r.records, []);
  assert.deepEqual([r.response[0]?.errorCode, r.response[0]?.errorMessage], [
    ErrorCode.INVALID_REPLICATION_FACTOR,
    'Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 2 broker(s) are registered and unfenced.',
  ]);
  h.heartbeat(1, { wantFence: true });
  h.heartbeat(2, { wantShutDown: true });
  assert.equal(create(h, [topic('none', 1, 1)]).response[0]?.errorMessage, 'Unable to replicate the partition 1 time(s): All brokers are currently fenced or in controlled shutdown.');
});

test('validation messages are the ones the broker gave before', () => {
  const h = new Harness();
  h.addBrokers(1);
  h.createTopic('exists', 1, 1);
  const cases: Array<[CreatableTopic, number, string]> = [
    [topic(''), ErrorCode.INVALID_TOPIC_EXCEPTION, "Topic name is illegal, it can't be empty"],
    [topic('..'), ErrorCode.INVALID_TOPIC_EXCEPTION, 'Topic name cannot be "." or ".."'],
    [topic('a b'), ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic name "a b" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`],
    [topic('x'.repeat(250)), ErrorCode.INVALID_TOPIC_EXCEPTION, "Topic name is illegal, it can't be longer than 249 characters"],
    [topic('exists'), ErrorCode.TOPIC_ALREADY_EXISTS, "Topic 'exists' already exists."],
    [topic('p', 0), ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be larger than 0.'],
    [topic('p', 10_001), ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be at most 10000.'],
    [topic('p', 1, 0), ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0.'],
    [topic('c', 1, 1, { configs: [{ name: 'retention.mss', value: '1' }] }), ErrorCode.INVALID_CONFIG, 'Unknown topic config name: retention.mss'],
    [topic('c', 1, 1, { configs: [{ name: 'segment.bytes', value: '10' }] }), ErrorCode.INVALID_CONFIG, 'Invalid value "10" for configuration segment.bytes: must be at least 1024'],
    [topic('c', 1, 1, { configs: [{ name: 'cleanup.policy', value: 'compact' }] }), ErrorCode.INVALID_CONFIG, 'Invalid value "compact" for configuration cleanup.policy: must be one of delete'],
    [topic('c', 1, 1, { configs: [{ name: 'retention.ms', value: null }] }), ErrorCode.INVALID_CONFIG, 'Null value not supported for topic configs: retention.ms'],
  ];
  for (const [t, code, message] of cases) {
    const r = create(h, [t]);
    assert.deepEqual([r.response[0]?.errorCode, r.response[0]?.errorMessage, r.records.length], [code, message, 0], t.name.slice(0, 20));
  }
});

test("names that collide once '.' and '_' are unified are refused, as Kafka refuses them", () => {
  const h = new Harness();
  h.addBrokers(1);
  h.createTopic('my.topic', 1, 1);
  const r = create(h, [topic('my_topic')]);
  assert.deepEqual([r.response[0]?.errorCode, r.response[0]?.errorMessage], [ErrorCode.INVALID_TOPIC_EXCEPTION, "Topic 'my_topic' collides with existing topic: my.topic"]);
});

test('manual assignments: the replicas given, ISR = the active ones; bad assignments are refused', () => {
  const h = new Harness();
  h.addBrokers(1, 2, 3);
  h.heartbeat(3, { wantFence: true });
  const assignments = [{ partitionIndex: 1, brokerIds: [3, 1] }, { partitionIndex: 0, brokerIds: [2, 3] }];
  assert.equal(create(h, [topic('m', -1, -1, { assignments })]).response[0]?.errorCode, 0);
  assert.deepEqual([h.partition('m', 0).replicas, h.partition('m', 0).isr, h.partition('m', 0).leader], [[2, 3], [2], 2]);
  assert.deepEqual([h.partition('m', 1).replicas, h.partition('m', 1).isr, h.partition('m', 1).leader], [[3, 1], [1], 1]);
  const bad: Array<[CreatableTopic['assignments'], number, string]> = [
    [[{ partitionIndex: 0, brokerIds: [] }], ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'Partition 0 has no replicas.'],
    [[{ partitionIndex: 0, brokerIds: [1, 1] }], ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'Partition 0 has duplicate replicas.'],
    [[{ partitionIndex: 0, brokerIds: [9] }], ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'Partition 0 names broker 9, which is not registered.'],
    [[{ partitionIndex: 0, brokerIds: [3] }], ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'All brokers specified in the manual partition assignment for partition 0 are fenced or in controlled shutdown.'],
    [[{ partitionIndex: 0, brokerIds: [1] }, { partitionIndex: 1, brokerIds: [1, 2] }], ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'The manual partition assignment includes a partition with 2 replica(s), but this is not consistent with previous partitions, which have 1 replica(s).'],
    [[{ partitionIndex: 0, brokerIds: [1] }, { partitionIndex: 0, brokerIds: [2] }], ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'Found multiple manual partition assignments for partition 0'],
    [[{ partitionIndex: 1, brokerIds: [1] }], ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'partitions should be a consecutive 0-based integer sequence'],
  ];
  for (const [a, code, message] of bad) {
    const r = create(h, [topic('bad', -1, -1, { assignments: a })]);
    assert.deepEqual([r.response[0]?.errorCode, r.response[0]?.errorMessage], [code, message]);
  }
  const both = create(h, [topic('bad', 2, -1, { assignments: [{ partitionIndex: 0, brokerIds: [1] }] })]);
  assert.deepEqual([both.response[0]?.errorCode, both.response[0]?.errorMessage], [ErrorCode.INVALID_REQUEST, 'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.']);
});

test('validateOnly answers as if it created, and writes nothing', () => {
  const h = new Harness();
  h.addBrokers(1);
  const r = create(h, [topic('v', 2, 1), topic('v bad')], true);
  assert.deepEqual(r.records, []);
  assert.deepEqual(r.response.map((x) => [x.name, x.errorCode, x.numPartitions]), [['v', 0, 2], ['v bad', ErrorCode.INVALID_TOPIC_EXCEPTION, -1]]);
  assert.equal(h.image.topicIdsByName.has('v'), false);
});

test('a name given twice in one request is INVALID_REQUEST and creates neither; the other topics still are created', () => {
  const h = new Harness();
  h.addBrokers(1);
  const r = create(h, [topic('a'), topic('b'), topic('a')]);
  assert.deepEqual(r.response.map((x) => [x.name, x.errorCode, x.errorMessage]), [['a', ErrorCode.INVALID_REQUEST, 'Duplicate topic name.'], ['b', 0, null]]);
  assert.deepEqual([...h.image.topicIdsByName.keys()], ['b']);
});

test('internal topics get their required settings and cannot be created against them', () => {
  const h = new Harness();
  h.addBrokers(1);
  assert.equal(create(h, [topic('__consumer_offsets', 50, 1, { configs: [{ name: 'segment.bytes', value: String(16 * 1024 * 1024) }] })]).response[0]?.errorCode, 0);
  assert.deepEqual([...(h.image.topicConfigs.get('__consumer_offsets') ?? [])].sort(), [['retention.ms', '-1'], ['segment.bytes', '16777216']]);
  const r = create(h, [topic('__transaction_state', 1, 1, { configs: [{ name: 'retention.ms', value: '604800000' }] })]);
  assert.deepEqual([r.response[0]?.errorCode, r.response[0]?.errorMessage], [
    ErrorCode.POLICY_VIOLATION,
    'Topic __transaction_state is internal and requires retention.ms=-1 (no compaction here, so it must keep every record); refusing retention.ms=604800000.',
  ]);
});

test("initialIsr 'leader': before followers replicate, a new partition's ISR is its leader alone", () => {
  const h = new Harness({ initialIsr: 'leader' });
  h.addBrokers(1, 2, 3);
  h.createTopic('t', 2, 3);
  assert.deepEqual([h.partition('t', 0).isr, h.partition('t', 1).isr], [[1], [2]]);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DecodeError } from '@orderlab/kafka-protocol';
import { decodeMetadataRecord, encodeMetadataRecord, metadataRecord, type MetadataRecord } from '../../src';

/** Hex with spaces and `#` comments allowed, so each fixture names its fields. */
function hex(text: string): Buffer {
  return Buffer.from(text.replace(/#[^\n]*/g, '').replace(/\s+/g, ''), 'hex');
}

const TOPIC_ID = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
const INCARNATION = Buffer.from('f0e0d0c0b0a090807060504030201000', 'hex');

/**
 * Bytes written by hand from Kafka's JSON definitions (metadata/src/main/resources/common/metadata)
 * and MetadataRecordSerde's frame: uvarint frame version 1, uvarint api key, uvarint version,
 * flexible body (compact lengths are n+1, nullable compact null is 0, tag buffer last).
 */
const FIXTURES: Array<{ what: string; bytes: string; record: MetadataRecord }> = [
  {
    what: 'RegisterBrokerRecord v2',
    bytes: `01 00 02                # frame 1, api key 0, version 2
      00000001                  # BrokerId 1
      00                        # IsMigratingZkBroker false (v2+)
      f0e0d0c0b0a090807060504030201000 # IncarnationId
      000000000000002a          # BrokerEpoch 42
      02                        # EndPoints: 1 entry
        0a 504c41494e54455854   #   Name "PLAINTEXT"
        0a 6c6f63616c686f7374   #   Host "localhost"
        2384                    #   Port 9092 (uint16)
        0000                    #   SecurityProtocol 0 (PLAINTEXT)
        00                      #   tags
      01                        # Features: empty
      00                        # Rack null
      01                        # Fenced true
      00                        # InControlledShutdown false (v1+)
      00                        # tags (LogDirs is v3+)`,
    record: metadataRecord('RegisterBroker', {
      brokerId: 1,
      incarnationId: INCARNATION,
      brokerEpoch: 42,
      endPoints: [{ name: 'PLAINTEXT', host: 'localhost', port: 9092, securityProtocol: 0 }],
      rack: null,
      fenced: true,
    }),
  },
  {
    what: 'TopicRecord v0',
    bytes: `01 02 00 # frame, api key 2, version 0
      04 666f6f # Name "foo"
      000102030405060708090a0b0c0d0e0f # TopicId
      00        # tags`,
    record: metadataRecord('Topic', { name: 'foo', topicId: TOPIC_ID }),
  },
  {
    what: 'PartitionRecord v0',
    bytes: `01 03 00                       # frame, api key 3, version 0
      00000001                         # PartitionId 1
      000102030405060708090a0b0c0d0e0f # TopicId
      04 00000001 00000002 00000003    # Replicas [1,2,3]
      03 00000001 00000002             # Isr [1,2]
      01                               # RemovingReplicas []
      01                               # AddingReplicas []
      00000001                         # Leader 1
      00000000                         # LeaderEpoch 0
      00000000                         # PartitionEpoch 0
      00                               # tags (LeaderRecoveryState 0 is the default, not written)`,
    record: metadataRecord('Partition', { partitionId: 1, topicId: TOPIC_ID, replicas: [1, 2, 3], isr: [1, 2], leader: 1, leaderEpoch: 0, partitionEpoch: 0 }),
  },
  {
    what: 'PartitionChangeRecord v0 with ISR and leader',
    bytes: `01 05 00                       # frame, api key 5, version 0
      00000001                         # PartitionId 1
      000102030405060708090a0b0c0d0e0f # TopicId
      02                               # 2 tagged fields
        00 05 02 00000001              #   tag 0 Isr [1]
        01 04 00000002                 #   tag 1 Leader 2`,
    record: metadataRecord('PartitionChange', { partitionId: 1, topicId: TOPIC_ID, isr: [1], leader: 2 }),
  },
  {
    what: 'PartitionChangeRecord v0, leader to none, ISR unchanged',
    bytes: `01 05 00 00000000 000102030405060708090a0b0c0d0e0f
      01 01 04 ffffffff # 1 tagged field: tag 1 Leader -1`,
    record: metadataRecord('PartitionChange', { partitionId: 0, topicId: TOPIC_ID, leader: -1 }),
  },
  {
    what: 'ConfigRecord v0',
    bytes: `01 04 00                      # frame, api key 4, version 0
      02                              # ResourceType 2 (TOPIC)
      07 6f7264657273                 # ResourceName "orders"
      0d 726574656e74696f6e2e6d73     # Name "retention.ms"
      03 2d31                         # Value "-1"
      00`,
    record: metadataRecord('Config', { resourceType: 2, resourceName: 'orders', name: 'retention.ms', value: '-1' }),
  },
  {
    what: 'ConfigRecord v0 deleting a key',
    bytes: '01 04 00 02 07 6f7264657273 0d 726574656e74696f6e2e6d73 00 # Value null\n 00',
    record: metadataRecord('Config', { resourceType: 2, resourceName: 'orders', name: 'retention.ms', value: null }),
  },
  {
    what: 'BrokerRegistrationChangeRecord v0 fencing',
    bytes: `01 11 00 00000001 000000000000002a # frame, api key 17, v0, BrokerId 1, BrokerEpoch 42
      01 00 01 01                           # 1 tagged field: tag 0 Fenced = 1`,
    record: metadataRecord('BrokerRegistrationChange', { brokerId: 1, brokerEpoch: 42, fenced: 1 }),
  },
  {
    what: 'BrokerRegistrationChangeRecord v0 unfencing',
    bytes: '01 11 00 00000001 000000000000002a 01 00 01 ff # tag 0 Fenced = -1',
    record: metadataRecord('BrokerRegistrationChange', { brokerId: 1, brokerEpoch: 42, fenced: -1 }),
  },
  {
    what: 'BrokerRegistrationChangeRecord v1 entering controlled shutdown',
    bytes: '01 11 01 00000001 000000000000002a 01 01 01 01 # v1: tag 1 InControlledShutdown = 1',
    record: metadataRecord('BrokerRegistrationChange', { brokerId: 1, brokerEpoch: 42, inControlledShutdown: 1 }),
  },
  {
    what: 'ProducerIdsRecord v0',
    bytes: '01 0f 00 00000001 000000000000002a 00000000000003e8 00 # BrokerId 1, BrokerEpoch 42, NextProducerId 1000',
    record: metadataRecord('ProducerIds', { brokerId: 1, brokerEpoch: 42, nextProducerId: 1000 }),
  },
  {
    what: 'FeatureLevelRecord v0',
    bytes: '01 0c 00 11 6d657461646174612e76657273696f6e 000e 00 # "metadata.version" = 14',
    record: metadataRecord('FeatureLevel', { name: 'metadata.version', featureLevel: 14 }),
  },
  { what: 'RemoveTopicRecord v0', bytes: '01 09 00 000102030405060708090a0b0c0d0e0f 00', record: metadataRecord('RemoveTopic', { topicId: TOPIC_ID }) },
  { what: 'NoOpRecord v0', bytes: '01 14 00 00', record: metadataRecord('NoOp', {}) },
];

for (const f of FIXTURES) {
  test(`${f.what}: encodes to Kafka's bytes and decodes back`, () => {
    const bytes = hex(f.bytes);
    assert.equal(encodeMetadataRecord(f.record).toString('hex'), bytes.toString('hex'));
    assert.deepEqual(decodeMetadataRecord(bytes), f.record);
  });
}

test('the pre-3.3 FenceBrokerRecord and UnfenceBrokerRecord decode', () => {
  assert.deepEqual(decodeMetadataRecord(hex('01 07 00 00000001 000000000000002a 00')), { type: 'FenceBroker', id: 1, epoch: 42 });
  assert.deepEqual(decodeMetadataRecord(hex('01 08 00 00000001 000000000000002a 00')), { type: 'UnfenceBroker', id: 1, epoch: 42 });
});

test('a PartitionRecord v1 written by Kafka 3.7+ (JBOD directories) decodes', () => {
  const dir = 'aa'.repeat(16);
  const r = decodeMetadataRecord(hex(`01 03 01 00000000 000102030405060708090a0b0c0d0e0f 02 00000001 02 00000001 01 01 00000001 00000000 00000000
    02 ${dir} # Directories [dir]
    00`));
  assert.equal(r.type, 'Partition');
  assert.deepEqual(r.type === 'Partition' && r.directories.map((d) => d.toString('hex')), [dir]);
});

test('metadataRecord fills in Kafka defaults for omitted fields', () => {
  const change = metadataRecord('PartitionChange', { partitionId: 3, topicId: TOPIC_ID });
  assert.equal(change.leader, -2, 'leader defaults to NO_LEADER_CHANGE');
  assert.equal(change.isr, null);
  assert.equal(change.replicas, null);
  const broker = metadataRecord('RegisterBroker', { brokerId: 1, incarnationId: INCARNATION, brokerEpoch: 0 });
  assert.equal(broker.fenced, true, 'a new registration is fenced unless told otherwise');
});

test('bad frames are DecodeErrors that say what is wrong', () => {
  const cases: Array<[string, string, string]> = [
    ['', 'DECODE.TRUNCATED', 'empty'],
    ['02 02 00', 'DECODE.UNSUPPORTED_VERSION', 'frame version 2'],
    ['01 1b 00 00', 'DECODE.UNKNOWN_API', 'type 27 (RegisterControllerRecord) is not one we model'],
    ['01 02 01 04 666f6f 000102030405060708090a0b0c0d0e0f 00', 'DECODE.UNSUPPORTED_VERSION', 'TopicRecord v1 does not exist'],
    ['01 02 00 04 666f6f 0001020304', 'DECODE.TRUNCATED', 'cut inside the uuid'],
    ['01 14 00 00 ff', 'DECODE.TRAILING_BYTES', 'a byte after the NoOp body'],
    ['01 80 80 80 80 80 80', 'DECODE.VARINT_TOO_LONG', 'api key varint never ends'],
  ];
  for (const [bytes, code, why] of cases) {
    assert.throws(() => decodeMetadataRecord(hex(bytes)), (e: unknown) => e instanceof DecodeError && e.code === code, why);
  }
});

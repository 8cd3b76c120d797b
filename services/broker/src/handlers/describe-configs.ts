import { DescribeConfigsRequest, DescribeConfigsResponse, ErrorCode, type Item, type MessageInput } from '@orderlab/kafka-protocol';
import type { BrokerConfig } from '../config/broker-config';
import { defineHandler } from '@orderlab/kafka-net';
import { effectiveTopicConfigs } from '../topics/topic-config';
import type { HandlerDeps } from './handler-deps';

type Result = Item<MessageInput<typeof DescribeConfigsResponse>['results']>;
type ConfigEntry = Item<Result['configs']>;

export const ResourceType = { TOPIC: 2, BROKER: 4 } as const;
/** DescribeConfigs ConfigSource values. */
const Source = { TOPIC_CONFIG: 1, STATIC_BROKER_CONFIG: 4, DEFAULT_CONFIG: 5 } as const;

/** DescribeConfigs v0-2 for topics (overrides and defaults) and this broker (static settings). */
export function describeConfigsHandler(deps: HandlerDeps) {
  return defineHandler({
    request: DescribeConfigsRequest,
    response: DescribeConfigsResponse,
    minVersion: 0,
    maxVersion: 2,
    handle(req, ctx) {
      const results = req.resources.map((r): Result => {
        const base = { resourceType: r.resourceType, resourceName: r.resourceName, errorCode: 0, errorMessage: null };
        const entries = entriesFor(deps, r.resourceType, r.resourceName);
        if (typeof entries === 'string') return { ...base, errorCode: entries === 'unknown-topic' ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.INVALID_REQUEST, errorMessage: messageFor(entries, r.resourceName), configs: [] };
        const wanted = r.configurationKeys;
        const configs = entries
          .filter((e) => wanted === null || wanted.length === 0 || wanted.includes(e.name))
          .map((e) => toEntry(e, ctx.apiVersion, req.includeSynonyms));
        return { ...base, configs };
      });
      return { throttleTimeMs: 0, results };
    },
  });
}

interface RawEntry {
  readonly name: string;
  readonly value: string;
  readonly source: number;
  readonly readOnly: boolean;
}

function entriesFor(deps: HandlerDeps, type: number, name: string): RawEntry[] | 'unknown-topic' | 'bad-broker' | 'bad-type' {
  if (type === ResourceType.TOPIC) {
    const topic = deps.metadata.topic(name);
    if (!topic) return 'unknown-topic';
    return Object.entries(effectiveTopicConfigs(topic.configs, deps.config)).map(([n, v]) => ({
      name: n,
      value: v.value,
      source: v.isDefault ? Source.DEFAULT_CONFIG : Source.TOPIC_CONFIG,
      readOnly: false,
    }));
  }
  if (type === ResourceType.BROKER) {
    if (name !== '' && name !== String(deps.config.nodeId)) return 'bad-broker';
    return brokerEntries(deps.config);
  }
  return 'bad-type';
}

function messageFor(problem: string, name: string): string {
  if (problem === 'unknown-topic') return `Topic '${name}' does not exist.`;
  if (problem === 'bad-broker') return `Unexpected broker id, expected this broker's id or an empty name, got '${name}'.`;
  return 'Only TOPIC (2) and BROKER (4) resources are supported.';
}

function brokerEntries(c: BrokerConfig): RawEntry[] {
  const pairs: Array<[string, string]> = [
    ['node.id', String(c.nodeId)],
    ['auto.create.topics.enable', String(c.autoCreateTopics)],
    ['num.partitions', String(c.defaultPartitions)],
    ['default.replication.factor', String(c.defaultReplicationFactor)],
    ['message.max.bytes', String(c.messageMaxBytes)],
    ['socket.request.max.bytes', String(c.socketRequestMaxBytes)],
    ['log.segment.bytes', String(c.logSegmentBytes)],
    ['log.retention.ms', String(c.logRetentionMs)],
    ['log.flush.interval.messages', String(c.logFlushIntervalMessages)],
    ['log.flush.interval.ms', String(c.logFlushIntervalMs)],
    ['group.initial.rebalance.delay.ms', String(c.groupInitialRebalanceDelayMs)],
    ['group.min.session.timeout.ms', String(c.groupMinSessionTimeoutMs)],
    ['group.max.session.timeout.ms', String(c.groupMaxSessionTimeoutMs)],
    ['offsets.topic.num.partitions', String(c.offsetsTopicNumPartitions)],
  ];
  return pairs.map(([name, value]) => ({ name, value, source: Source.STATIC_BROKER_CONFIG, readOnly: true }));
}

function toEntry(e: RawEntry, version: number, includeSynonyms: boolean): ConfigEntry {
  return {
    name: e.name,
    value: e.value,
    readOnly: e.readOnly,
    isDefault: e.source === Source.DEFAULT_CONFIG,
    configSource: e.source,
    isSensitive: false,
    synonyms: version >= 1 && includeSynonyms ? [{ name: e.name, value: e.value, source: e.source }] : [],
  };
}

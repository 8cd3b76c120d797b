import type { BrokerConfig } from '../config/broker-config';
import type { LogConfig } from '@orderlab/log-store';

/**
 * The topic-level configs this broker understands. Anything else is INVALID_CONFIG,
 * so a typo in a config name fails loudly instead of being silently ignored.
 */
interface ConfigDef {
  readonly kind: 'long' | 'int' | 'enum';
  readonly min?: number;
  readonly values?: readonly string[];
  readonly brokerDefault: (b: BrokerConfig) => string;
  readonly doc: string;
}

const INT_MAX = 2 ** 31 - 1;

export const TOPIC_CONFIG_DEFS: Readonly<Record<string, ConfigDef>> = {
  'retention.ms': { kind: 'long', min: -1, brokerDefault: (b) => String(b.logRetentionMs), doc: 'delete closed segments older than this; -1 keeps forever' },
  'retention.bytes': { kind: 'long', min: -1, brokerDefault: () => '-1', doc: 'delete oldest closed segments while the partition is larger; -1 = no limit' },
  'segment.bytes': { kind: 'int', min: 1024, brokerDefault: (b) => String(b.logSegmentBytes), doc: 'roll the active segment at this size' },
  'segment.ms': { kind: 'long', min: 1, brokerDefault: () => String(7 * 24 * 3600 * 1000), doc: 'roll the active segment at this age' },
  'cleanup.policy': { kind: 'enum', values: ['delete'], brokerDefault: () => 'delete', doc: 'only delete is supported (no compaction)' },
  'min.insync.replicas': { kind: 'int', min: 1, brokerDefault: (b) => String(b.minInsyncReplicas), doc: 'acks=all needs at least this many in-sync replicas' },
  'max.message.bytes': { kind: 'int', min: 0, brokerDefault: (b) => String(b.messageMaxBytes), doc: 'largest record batch accepted' },
  'flush.messages': { kind: 'long', min: 0, brokerDefault: (b) => String(b.logFlushIntervalMessages), doc: 'fsync after this many records (0 = OS decides)' },
  'flush.ms': { kind: 'long', min: 0, brokerDefault: (b) => String(b.logFlushIntervalMs), doc: 'fsync at least this often (0 = OS decides)' },
};

export type TopicConfigOverrides = Readonly<Record<string, string>>;

/** Returns an error message for the first invalid entry, or null when all are valid. */
export function validateTopicConfigs(configs: TopicConfigOverrides): string | null {
  for (const [name, value] of Object.entries(configs)) {
    const def = TOPIC_CONFIG_DEFS[name];
    if (!def) return `Unknown topic config name: ${name}`;
    const problem = validateValue(def, value);
    if (problem) return `Invalid value ${JSON.stringify(value)} for configuration ${name}: ${problem}`;
  }
  return null;
}

function validateValue(def: ConfigDef, value: string): string | null {
  if (def.kind === 'enum') return def.values?.includes(value) ? null : `must be one of ${def.values?.join(', ')}`;
  if (!/^-?\d+$/.test(value)) return 'must be an integer';
  const n = Number(value);
  if (!Number.isSafeInteger(n)) return 'out of range';
  if (def.min !== undefined && n < def.min) return `must be at least ${def.min}`;
  if (def.kind === 'int' && n > INT_MAX) return `must be at most ${INT_MAX}`;
  return null;
}

/** The effective value of every known config: override, else broker default. */
export function effectiveTopicConfigs(overrides: TopicConfigOverrides, broker: BrokerConfig): Record<string, { value: string; isDefault: boolean }> {
  const out: Record<string, { value: string; isDefault: boolean }> = {};
  for (const [name, def] of Object.entries(TOPIC_CONFIG_DEFS)) {
    const o = overrides[name];
    out[name] = o === undefined ? { value: def.brokerDefault(broker), isDefault: true } : { value: o, isDefault: false };
  }
  return out;
}

function numberOf(effective: Record<string, { value: string }>, name: string): number {
  return Number(effective[name]?.value);
}

export function logConfigFor(overrides: TopicConfigOverrides, broker: BrokerConfig, indexIntervalBytes = 4096): LogConfig {
  const e = effectiveTopicConfigs(overrides, broker);
  return {
    segmentBytes: numberOf(e, 'segment.bytes'),
    segmentMs: numberOf(e, 'segment.ms'),
    retentionMs: numberOf(e, 'retention.ms'),
    retentionBytes: numberOf(e, 'retention.bytes'),
    indexIntervalBytes,
    flushMessages: numberOf(e, 'flush.messages'),
    flushMs: numberOf(e, 'flush.ms'),
  };
}

/** The topic's min.insync.replicas, else the broker's default (Kafka's broker-level min.insync.replicas, 1). */
export function minInsyncReplicas(overrides: TopicConfigOverrides, broker?: Pick<BrokerConfig, 'minInsyncReplicas'>): number {
  return Number(overrides['min.insync.replicas'] ?? broker?.minInsyncReplicas ?? 1);
}

export function maxMessageBytes(overrides: TopicConfigOverrides, broker: BrokerConfig): number {
  return Number(overrides['max.message.bytes'] ?? broker.messageMaxBytes);
}

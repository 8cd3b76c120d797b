/**
 * The topic-level configs the cluster understands and what values they take, shared by the
 * controller (which refuses anything else with INVALID_CONFIG, so a typo in a config name fails
 * loudly instead of being silently ignored) and the broker (which adds its defaults for
 * DescribeConfigs and turns the values into log settings).
 */
interface ConfigRule {
  readonly kind: 'long' | 'int' | 'list';
  readonly min?: number;
  /** For 'list': the allowed items of the comma-separated value. */
  readonly values?: readonly string[];
}

const INT_MAX = 2 ** 31 - 1;

export const TOPIC_CONFIG_RULES: Readonly<Record<string, ConfigRule>> = {
  'retention.ms': { kind: 'long', min: -1 },
  'retention.bytes': { kind: 'long', min: -1 },
  'segment.bytes': { kind: 'int', min: 1024 },
  'segment.ms': { kind: 'long', min: 1 },
  // A LIST in Kafka ("delete,compact"); only delete is supported here (no compaction).
  'cleanup.policy': { kind: 'list', values: ['delete'] },
  'min.insync.replicas': { kind: 'int', min: 1 },
  'max.message.bytes': { kind: 'int', min: 0 },
  'flush.messages': { kind: 'long', min: 0 },
  'flush.ms': { kind: 'long', min: 0 },
};

export const isListConfig = (name: string): boolean => TOPIC_CONFIG_RULES[name]?.kind === 'list';

/** Returns an error message for the first invalid entry, or null when all are valid. */
export function topicConfigsProblem(configs: ReadonlyMap<string, string>): string | null {
  for (const [name, value] of configs) {
    const rule = TOPIC_CONFIG_RULES[name];
    if (!rule) return `Unknown topic config name: ${name}`;
    const problem = valueProblem(rule, value);
    if (problem) return `Invalid value ${JSON.stringify(value)} for configuration ${name}: ${problem}`;
  }
  return null;
}

function valueProblem(rule: ConfigRule, value: string): string | null {
  if (rule.kind === 'list') {
    const items = value.split(',').map((v) => v.trim());
    return items.every((v) => rule.values?.includes(v)) ? null : `must be one of ${rule.values?.join(', ')}`;
  }
  if (!/^-?\d+$/.test(value)) return 'must be an integer';
  const n = Number(value);
  if (!Number.isSafeInteger(n)) return 'out of range';
  if (rule.min !== undefined && n < rule.min) return `must be at least ${rule.min}`;
  if (rule.kind === 'int' && n > INT_MAX) return `must be at most ${INT_MAX}`;
  return null;
}

/**
 * Settings internal topics cannot do without. There is no log compaction here, so
 * `__consumer_offsets` (and later `__transaction_state`) must never delete by age: seven-day
 * retention would drop the only record of an idle group's offsets. They are added when the
 * topic is created, kept when a legacy AlterConfigs leaves them out, and an explicit attempt to
 * change or delete one is refused (the controller answers POLICY_VIOLATION naming the setting).
 */
export const REQUIRED_INTERNAL_TOPIC_CONFIGS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  ['__consumer_offsets', new Map([['retention.ms', '-1']])],
  ['__transaction_state', new Map([['retention.ms', '-1']])],
]);

export function requiredConfigs(topic: string): ReadonlyMap<string, string> {
  return REQUIRED_INTERNAL_TOPIC_CONFIGS.get(topic) ?? new Map();
}

/**
 * Why an explicit change breaks an internal topic's required settings (a required key set to
 * another value, or deleted: value null), or null when it does not. The controller answers
 * POLICY_VIOLATION with this message.
 */
export function requiredConfigViolation(topic: string, explicit: ReadonlyMap<string, string | null>): string | null {
  for (const [name, value] of requiredConfigs(topic)) {
    if (!explicit.has(name) || explicit.get(name) === value) continue;
    const attempted = explicit.get(name);
    return (
      `Topic ${topic} is internal and requires ${name}=${value} (no compaction here, so it must keep every record); ` +
      (attempted === null ? 'it cannot be deleted.' : `refusing ${name}=${attempted}.`)
    );
  }
  return null;
}

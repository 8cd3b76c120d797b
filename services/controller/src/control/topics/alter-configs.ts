import { ErrorCode, type AlterConfigsRequest, type MessageOf } from '@orderlab/kafka-protocol';
import {
  ConfigResourceType,
  isListConfig,
  metadataRecord,
  requiredConfigViolation,
  requiredConfigs,
  topicConfigOverrides,
  topicConfigsProblem,
  type MetadataImage,
} from '@orderlab/metadata';
import { NO_ERROR, apiError, type ApiError, type ControlResult } from '../control-result';
import { StagedChanges } from '../staged-changes';

export type AlterConfigsResource = MessageOf<typeof AlterConfigsRequest>['resources'][number];

/** IncrementalAlterConfigsRequest (api 44) resources, as decoded. */
export interface IncrementalAlterConfigsResource {
  readonly resourceType: number;
  readonly resourceName: string;
  readonly configs: ReadonlyArray<{ readonly name: string; readonly configOperation: number; readonly value: string | null }>;
}

export interface AlterConfigsResourceResult extends ApiError {
  readonly resourceType: number;
  readonly resourceName: string;
}

/** IncrementalAlterConfigs operations (AlterConfigOp.OpType). */
export const ConfigOperation = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

type Changes = { ok: true; explicit: Map<string, string | null> } | { ok: false; error: ApiError };

/**
 * AlterConfigs, the legacy API: the given configs REPLACE the topic's overrides, anything not
 * named returns to its default — except an internal topic's required settings, which stay.
 */
export function alterConfigs(image: MetadataImage, resources: readonly AlterConfigsResource[], validateOnly: boolean): ControlResult<AlterConfigsResourceResult[]> {
  return alterEach(image, resources, validateOnly, (current, r) => {
    const nulls = r.configs.filter((c) => c.value === null).map((c) => c.name);
    if (nulls.length > 0) return { ok: false, error: apiError(ErrorCode.INVALID_CONFIG, `Null value not supported for topic configs: ${nulls.join(',')}`) };
    const explicit = new Map<string, string | null>(r.configs.map((c) => [c.name, c.value]));
    for (const name of current.keys()) if (!explicit.has(name) && !requiredConfigs(r.resourceName).has(name)) explicit.set(name, null);
    return { ok: true, explicit };
  });
}

/** IncrementalAlterConfigs: SET, DELETE, and APPEND / SUBTRACT for list configs, key by key. */
export function incrementalAlterConfigs(
  image: MetadataImage,
  resources: readonly IncrementalAlterConfigsResource[],
  validateOnly: boolean,
): ControlResult<AlterConfigsResourceResult[]> {
  return alterEach(image, resources, validateOnly, (current, r) => {
    const explicit = new Map<string, string | null>();
    for (const c of r.configs) {
      if (explicit.has(c.name)) return { ok: false, error: apiError(ErrorCode.INVALID_REQUEST, 'Error due to duplicate config keys') };
      const value = applyOperation(current.get(c.name) ?? null, c);
      if (typeof value === 'object' && value !== null) return { ok: false, error: value };
      explicit.set(c.name, value);
    }
    return { ok: true, explicit };
  });
}

function applyOperation(current: string | null, c: IncrementalAlterConfigsResource['configs'][number]): string | null | ApiError {
  const opName = Object.entries(ConfigOperation).find(([, v]) => v === c.configOperation)?.[0];
  if (c.configOperation === ConfigOperation.SET) {
    return c.value ?? apiError(ErrorCode.INVALID_CONFIG, `Null value not supported for topic configs: ${c.name}`);
  }
  if (c.configOperation === ConfigOperation.DELETE) return null;
  if (opName === undefined) return apiError(ErrorCode.INVALID_REQUEST, `Unknown config operation ${c.configOperation}`);
  if (!isListConfig(c.name)) return apiError(ErrorCode.INVALID_CONFIG, `Can't ${opName} to key ${c.name} because its type is not LIST.`);
  const items = current === null || current === '' ? [] : current.split(',');
  const given = (c.value ?? '').split(',').filter((v) => v !== '');
  const next = c.configOperation === ConfigOperation.APPEND ? [...items, ...given.filter((v) => !items.includes(v))] : items.filter((v) => !given.includes(v));
  return next.join(',');
}

function alterEach<R extends { resourceType: number; resourceName: string }>(
  image: MetadataImage,
  resources: readonly R[],
  validateOnly: boolean,
  changesOf: (current: ReadonlyMap<string, string>, r: R) => Changes,
): ControlResult<AlterConfigsResourceResult[]> {
  const staged = new StagedChanges(image);
  const response = resources.map((r) => ({ resourceType: r.resourceType, resourceName: r.resourceName, ...alterOne(staged, r, changesOf) }));
  return { records: validateOnly ? [] : staged.records, response };
}

function alterOne<R extends { resourceType: number; resourceName: string }>(
  staged: StagedChanges,
  r: R,
  changesOf: (current: ReadonlyMap<string, string>, r: R) => Changes,
): ApiError {
  if (r.resourceType === ConfigResourceType.BROKER) return apiError(ErrorCode.INVALID_REQUEST, 'Broker configs are static here: restart the broker with new flags.');
  if (r.resourceType !== ConfigResourceType.TOPIC) return apiError(ErrorCode.INVALID_REQUEST, `Unsupported resource type ${r.resourceType}.`);
  if (!staged.image.topicIdsByName.has(r.resourceName)) return apiError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${r.resourceName}' does not exist.`);
  const current = topicConfigOverrides(staged.image, r.resourceName);
  const changes = changesOf(current, r);
  if (!changes.ok) return changes.error;
  const violation = requiredConfigViolation(r.resourceName, changes.explicit);
  if (violation) return apiError(ErrorCode.POLICY_VIOLATION, violation);
  const final = new Map(current);
  for (const [name, value] of changes.explicit) {
    if (value === null) final.delete(name);
    else final.set(name, value);
  }
  const problem = topicConfigsProblem(final);
  if (problem) return apiError(ErrorCode.INVALID_CONFIG, problem);
  for (const [name, value] of changes.explicit) {
    if ((current.get(name) ?? null) === value) continue;
    staged.add(metadataRecord('Config', { resourceType: ConfigResourceType.TOPIC, resourceName: r.resourceName, name, value }));
  }
  return NO_ERROR;
}

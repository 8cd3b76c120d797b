import type { MessageSpec } from '../schema/spec';
import { coreApiSchemas } from './registry-core';
import { groupApiSchemas } from './registry-groups';
import { kraftApiSchemas } from './registry-kraft';
import { replicationApiSchemas } from './registry-replication';

export interface ApiSchemas {
  readonly request: MessageSpec;
  readonly response: MessageSpec;
}

/** Every API the codec knows, by API key. A broker advertises only those it has handlers for. */
export const apiSchemas: ReadonlyMap<number, ApiSchemas> = new Map<number, ApiSchemas>(
  [...coreApiSchemas, ...groupApiSchemas, ...kraftApiSchemas, ...replicationApiSchemas].map((s) => [s.request.apiKey, s]),
);

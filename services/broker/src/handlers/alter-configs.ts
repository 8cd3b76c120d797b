import { AlterConfigsRequest, AlterConfigsResponse, ErrorCode } from '@orderlab/kafka-protocol';
import { defineHandler } from '@orderlab/kafka-net';
import { ResourceType } from './describe-configs';
import type { HandlerDeps } from './handler-deps';

/**
 * AlterConfigs v0-1 (the legacy, non-incremental API): the given configs replace the
 * topic's overrides; anything not named returns to its default. Broker settings are static.
 */
export function alterConfigsHandler(deps: HandlerDeps) {
  return defineHandler({
    request: AlterConfigsRequest,
    response: AlterConfigsResponse,
    minVersion: 0,
    maxVersion: 1,
    async handle(req) {
      const responses = [];
      for (const r of req.resources) {
        const base = { resourceType: r.resourceType, resourceName: r.resourceName };
        if (r.resourceType !== ResourceType.TOPIC) {
          responses.push({ ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Broker configs are static here: restart the broker with new flags.' });
          continue;
        }
        const configs = Object.fromEntries(r.configs.map((c) => [c.name, c.value ?? '']));
        const outcome = await deps.metadata.alterTopicConfigs(r.resourceName, configs, req.validateOnly);
        if (outcome.errorCode === 0 && !req.validateOnly) deps.logger.info({ topic: r.resourceName, configs }, 'topic configs altered');
        responses.push({ ...base, errorCode: outcome.errorCode, errorMessage: outcome.message ?? null });
      }
      return { throttleTimeMs: 0, responses };
    },
  });
}

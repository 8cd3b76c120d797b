import { defineHandler } from '@orderlab/kafka-net';
import {
  AlterConfigsRequest,
  AlterConfigsResponse,
  CreatePartitionsRequest,
  CreatePartitionsResponse,
  CreateTopicsRequest,
  CreateTopicsResponse,
  DeleteTopicsRequest,
  DeleteTopicsResponse,
  IncrementalAlterConfigsRequest,
  IncrementalAlterConfigsResponse,
} from '@orderlab/kafka-protocol';
import { ZERO_UUID, uuidFromString } from '@orderlab/metadata';
import { decide, type ControllerHandlerDeps } from './handler-kit';

/** CreateTopics v0-7: all topics of a request in one batch; answered once committed (timeoutMs bounds the wait). */
export function createTopicsHandler(deps: ControllerHandlerDeps) {
  return defineHandler({
    request: CreateTopicsRequest,
    response: CreateTopicsResponse,
    minVersion: 0,
    maxVersion: 7,
    async handle(req) {
      const r = await decide(deps, 'CreateTopics', (c, image) => c.createTopics(image, req.topics, req.validateOnly), req.timeoutMs);
      if (!r.ok) return { throttleTimeMs: 0, topics: req.topics.map((t) => ({ name: t.name, errorCode: r.errorCode, errorMessage: r.errorMessage, numPartitions: -1, replicationFactor: -1 })) };
      const created = r.value.filter((t) => t.errorCode === 0).map((t) => t.name);
      if (created.length > 0 && !req.validateOnly) deps.logger.info({ topics: created }, 'topics created');
      return { throttleTimeMs: 0, topics: r.value.map((t) => ({ ...t, configs: [] })) };
    },
  });
}

/** DeleteTopics v0-6, by name or (v6+) by id. */
export function deleteTopicsHandler(deps: ControllerHandlerDeps) {
  return defineHandler({
    request: DeleteTopicsRequest,
    response: DeleteTopicsResponse,
    minVersion: 0,
    maxVersion: 6,
    async handle(req) {
      const r = await decide(deps, 'DeleteTopics', (c, image) => c.deleteTopics(image, req), req.timeoutMs);
      if (!r.ok) {
        const named = [...req.topicNames.map((name) => ({ name, topicId: uuidFromString(ZERO_UUID) })), ...req.topics];
        return { throttleTimeMs: 0, responses: named.map((t) => ({ name: t.name, topicId: t.topicId, errorCode: r.errorCode, errorMessage: r.errorMessage })) };
      }
      const deleted = r.value.filter((t) => t.errorCode === 0).map((t) => t.name);
      if (deleted.length > 0) deps.logger.info({ topics: deleted }, 'topics deleted');
      return { throttleTimeMs: 0, responses: r.value };
    },
  });
}

/** CreatePartitions v0-3. */
export function createPartitionsHandler(deps: ControllerHandlerDeps) {
  return defineHandler({
    request: CreatePartitionsRequest,
    response: CreatePartitionsResponse,
    minVersion: 0,
    maxVersion: 3,
    async handle(req) {
      const r = await decide(deps, 'CreatePartitions', (c, image) => c.createPartitions(image, req.topics, req.validateOnly), req.timeoutMs);
      if (!r.ok) return { throttleTimeMs: 0, results: req.topics.map((t) => ({ name: t.name, errorCode: r.errorCode, errorMessage: r.errorMessage })) };
      return { throttleTimeMs: 0, results: r.value };
    },
  });
}

/** AlterConfigs v0-2 (legacy: the given configs replace a topic's overrides). */
export function alterConfigsHandler(deps: ControllerHandlerDeps) {
  return defineHandler({
    request: AlterConfigsRequest,
    response: AlterConfigsResponse,
    minVersion: 0,
    maxVersion: 2,
    async handle(req) {
      const r = await decide(deps, 'AlterConfigs', (c, image) => c.alterConfigs(image, req.resources, req.validateOnly));
      if (!r.ok) return { throttleTimeMs: 0, responses: req.resources.map((x) => ({ resourceType: x.resourceType, resourceName: x.resourceName, errorCode: r.errorCode, errorMessage: r.errorMessage })) };
      return { throttleTimeMs: 0, responses: r.value };
    },
  });
}

/** IncrementalAlterConfigs v0-1: SET / DELETE / APPEND / SUBTRACT per config. */
export function incrementalAlterConfigsHandler(deps: ControllerHandlerDeps) {
  return defineHandler({
    request: IncrementalAlterConfigsRequest,
    response: IncrementalAlterConfigsResponse,
    minVersion: 0,
    maxVersion: 1,
    async handle(req) {
      const r = await decide(deps, 'IncrementalAlterConfigs', (c, image) => c.incrementalAlterConfigs(image, req.resources, req.validateOnly));
      if (!r.ok) return { throttleTimeMs: 0, responses: req.resources.map((x) => ({ resourceType: x.resourceType, resourceName: x.resourceName, errorCode: r.errorCode, errorMessage: r.errorMessage })) };
      return { throttleTimeMs: 0, responses: r.value };
    },
  });
}

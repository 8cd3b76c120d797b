import type { AnyHandler } from '@orderlab/kafka-net';
import { alterConfigsHandler } from './alter-configs';
import { apiVersionsHandler } from './api-versions';
import { createPartitionsHandler } from './create-partitions';
import { createTopicsHandler } from './create-topics';
import { deleteTopicsHandler } from './delete-topics';
import { describeConfigsHandler } from './describe-configs';
import { electLeadersHandler } from './elect-leaders';
import { fetchHandler } from './fetch';
import type { HandlerDeps } from './handler-deps';
import { initProducerIdHandler } from './init-producer-id';
import { deleteGroupsHandler } from './delete-groups';
import { describeGroupsHandler } from './describe-groups';
import { findCoordinatorHandler } from './find-coordinator';
import { heartbeatHandler } from './heartbeat';
import { joinGroupHandler } from './join-group';
import { leaveGroupHandler } from './leave-group';
import { listGroupsHandler } from './list-groups';
import { offsetCommitHandler } from './offset-commit';
import { offsetDeleteHandler } from './offset-delete';
import { offsetFetchHandler } from './offset-fetch';
import { syncGroupHandler } from './sync-group';
import { listOffsetsHandler } from './list-offsets';
import { metadataHandler } from './metadata';
import { produceHandler } from './produce';

/** Every API this broker serves. ApiVersions advertises exactly this list. */
export function buildHandlers(deps: HandlerDeps): AnyHandler[] {
  const list: AnyHandler[] = [
    produceHandler(deps),
    fetchHandler(deps),
    listOffsetsHandler(deps),
    metadataHandler(deps),
    createTopicsHandler(deps),
    deleteTopicsHandler(deps),
    initProducerIdHandler(deps),
    describeConfigsHandler(deps),
    alterConfigsHandler(deps),
    createPartitionsHandler(deps),
    findCoordinatorHandler(deps),
    joinGroupHandler(deps),
    syncGroupHandler(deps),
    heartbeatHandler(deps),
    leaveGroupHandler(deps),
    offsetCommitHandler(deps),
    offsetFetchHandler(deps),
    listGroupsHandler(deps),
    describeGroupsHandler(deps),
    deleteGroupsHandler(deps),
    offsetDeleteHandler(deps),
    electLeadersHandler(deps),
  ] as unknown as AnyHandler[];
  list.push(apiVersionsHandler(() => advertisedVersions(list)) as unknown as AnyHandler);
  return list;
}

export function advertisedVersions(list: readonly AnyHandler[]): Array<{ apiKey: number; minVersion: number; maxVersion: number }> {
  return list
    .map((h) => ({ apiKey: h.request.apiKey, minVersion: h.minVersion, maxVersion: h.maxVersion }))
    .sort((a, b) => a.apiKey - b.apiKey);
}

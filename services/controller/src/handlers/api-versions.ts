import { defineHandler } from '@orderlab/kafka-net';
import { ApiVersionsRequest, ApiVersionsResponse, ErrorCode } from '@orderlab/kafka-protocol';

export type VersionList = () => Array<{ apiKey: number; minVersion: number; maxVersion: number }>;

/** ApiVersions v0-3, built from the controller's handlers: it advertises exactly what it serves. */
export function apiVersionsHandler(versions: VersionList) {
  return defineHandler({
    request: ApiVersionsRequest,
    response: ApiVersionsResponse,
    minVersion: 0,
    maxVersion: 3,
    handle: () => ({ errorCode: ErrorCode.NONE, apiKeys: versions(), throttleTimeMs: 0 }),
  });
}

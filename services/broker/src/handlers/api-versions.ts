import { ApiVersionsRequest, ApiVersionsResponse, ErrorCode } from '@orderlab/kafka-protocol';
import { defineHandler } from '@orderlab/kafka-net';

export type VersionList = () => Array<{ apiKey: number; minVersion: number; maxVersion: number }>;

/** ApiVersions v0-3: the list comes from the dispatcher's handlers, so it is the same on every broker. */
export function apiVersionsHandler(versions: VersionList) {
  return defineHandler({
    request: ApiVersionsRequest,
    response: ApiVersionsResponse,
    minVersion: 0,
    maxVersion: 3,
    handle: () => ({ errorCode: ErrorCode.NONE, apiKeys: versions(), throttleTimeMs: 0 }),
  });
}

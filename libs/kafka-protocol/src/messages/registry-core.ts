import { ApiVersionsRequest, ApiVersionsResponse } from './api-versions/schema';

/** Produce, fetch, metadata and admin APIs. */
export const coreApiSchemas = [
  { request: ApiVersionsRequest, response: ApiVersionsResponse },
] as const;

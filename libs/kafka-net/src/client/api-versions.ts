import { ApiKey, ApiVersionsRequest, ApiVersionsResponse, ErrorCode, Reader, decodeMessage, type MessageSpec } from '@orderlab/kafka-protocol';
import type { KafkaConnection, RequestOptions } from './kafka-connection';
import { NetError } from './net-error';

export interface VersionRange {
  readonly minVersion: number;
  readonly maxVersion: number;
}

/** The peer's supported versions by API key, from its ApiVersions answer. */
export type ApiVersionRanges = ReadonlyMap<number, VersionRange>;

export interface HandshakeOptions extends RequestOptions {
  readonly clientSoftwareName?: string;
  readonly clientSoftwareVersion?: string;
}

const NEWEST = 3;

/**
 * The ApiVersions handshake as librdkafka does it (kafka-protocol.md §1.5): ask with v3; a peer
 * that does not know v3 answers UNSUPPORTED_VERSION with a v0 body naming its own ApiVersions
 * range, and we ask again with the highest version it names (v0 if it names none).
 */
export async function fetchApiVersions(conn: KafkaConnection, options: HandshakeOptions = {}): Promise<ApiVersionRanges> {
  const body = { clientSoftwareName: options.clientSoftwareName ?? 'orderlab-kafka-net', clientSoftwareVersion: options.clientSoftwareVersion ?? '0.1.0' };
  let version = NEWEST;
  for (;;) {
    const frame = await conn.requestFrame(ApiVersionsRequest, version, body, options);
    // ApiVersions responses always have header v0: the correlation id, then the body.
    const errorCode = frame.length >= 6 ? frame.readInt16BE(4) : ErrorCode.NONE;
    if (errorCode === ErrorCode.UNSUPPORTED_VERSION && version > 0) {
      version = fallbackVersion(frame, version);
      continue;
    }
    const res = decodeOrFail(frame, version, conn.address);
    if (res.errorCode !== ErrorCode.NONE) throw new NetError('NET.BAD_RESPONSE', `ApiVersions v${version} from ${conn.address} failed with error ${res.errorCode}`);
    return new Map(res.apiKeys.map((k) => [k.apiKey, { minVersion: k.minVersion, maxVersion: k.maxVersion }]));
  }
}

function fallbackVersion(frame: Buffer, sent: number): number {
  try {
    const v0 = decodeMessage(ApiVersionsResponse, 0, new Reader(frame.subarray(4)));
    const own = v0.apiKeys.find((k) => k.apiKey === ApiKey.ApiVersions);
    return own ? Math.min(sent - 1, own.maxVersion) : 0;
  } catch {
    return 0;
  }
}

function decodeOrFail(frame: Buffer, version: number, address: string) {
  try {
    return decodeMessage(ApiVersionsResponse, version, new Reader(frame.subarray(4)));
  } catch (e) {
    throw new NetError('NET.BAD_RESPONSE', `ApiVersions v${version} from ${address} does not decode: ${(e as Error).message}`);
  }
}

/** The highest version of `spec`'s API that both we (`ours`) and the peer support. */
export function chooseVersion(ranges: ApiVersionRanges, spec: MessageSpec, ours: VersionRange): number {
  const theirs = ranges.get(spec.apiKey);
  const max = Math.min(ours.maxVersion, theirs?.maxVersion ?? -1);
  const min = Math.max(ours.minVersion, theirs?.minVersion ?? 0);
  if (!theirs || max < min) {
    const offered = theirs ? `${theirs.minVersion}-${theirs.maxVersion}` : 'none';
    throw new NetError('NET.UNSUPPORTED_VERSION', `peer offers ${spec.name} versions ${offered}, we need ${ours.minVersion}-${ours.maxVersion}`);
  }
  return max;
}

import { chooseVersion, fetchApiVersions, NodeChannels, type ApiPair, type ApiVersionRanges, type KafkaConnection, type VersionRange } from '@orderlab/kafka-net';
import type { MessageInput, MessageOf, MessageSpec } from '@orderlab/kafka-protocol';
import type { Logger } from '@orderlab/shared';
import type { Endpoint } from './wire/wire-context';

/**
 * Requests to the other controllers over the Kafka wire: one connection per peer (kafka-net's
 * NodeChannels: connect on first use, reconnect with backoff), the version of each API chosen
 * from the peer's ApiVersions as Kafka clients do, once per connection.
 */
export class PeerRpc {
  private readonly channels: NodeChannels;
  private readonly versions = new WeakMap<KafkaConnection, Promise<ApiVersionRanges>>();

  constructor(peers: ReadonlyMap<number, Endpoint>, clientId: string, connectTimeoutMs: number, logger: Logger) {
    this.channels = new NodeChannels({ clientId, connectTimeoutMs, logger, backoff: { baseMs: 50, maxMs: 500, jitter: 0.2 } });
    for (const [nodeId, e] of peers) this.channels.setEndpoint(nodeId, e);
  }

  async call<Req extends MessageSpec, Res extends MessageSpec>(
    nodeId: number,
    api: ApiPair<Req, Res>,
    ours: VersionRange,
    body: (version: number) => MessageInput<Req> | undefined,
    timeoutMs: number,
  ): Promise<{ version: number; response: MessageOf<Res> } | undefined> {
    const conn = await this.channels.connection(nodeId);
    const version = chooseVersion(await this.rangesOf(conn, timeoutMs), api.request, ours);
    const message = body(version);
    if (message === undefined) return undefined;
    return { version, response: await conn.request(api, version, message, { timeoutMs }) };
  }

  close(): void {
    this.channels.close();
  }

  private rangesOf(conn: KafkaConnection, timeoutMs: number): Promise<ApiVersionRanges> {
    let ranges = this.versions.get(conn);
    if (!ranges) {
      ranges = fetchApiVersions(conn, { timeoutMs });
      this.versions.set(conn, ranges);
      ranges.catch(() => this.versions.delete(conn));
    }
    return ranges;
  }
}

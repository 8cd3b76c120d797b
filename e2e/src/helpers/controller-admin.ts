import { KafkaConnection, type ApiPair } from '@orderlab/kafka-net';
import {
  BrokerHeartbeatRequest,
  BrokerHeartbeatResponse,
  BrokerRegistrationRequest,
  BrokerRegistrationResponse,
  CreateTopicsRequest,
  CreateTopicsResponse,
  ErrorCode,
  type MessageInput,
  type MessageOf,
  type MessageSpec,
} from '@orderlab/kafka-protocol';

export interface ControllerEndpoint {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

/** Did this controller serve the request, or must the caller ask another one? */
export type Served<Res extends MessageSpec> = (response: MessageOf<Res>) => boolean;

/**
 * Talks to a controller quorum directly over the Kafka wire (kafka-net's client), as a broker
 * forwarding admin requests does: send to one controller; on NOT_CONTROLLER or a dead
 * connection, try the next. One connection per request keeps it simple for tests.
 */
export class ControllerAdmin {
  constructor(readonly controllers: () => readonly ControllerEndpoint[]) {}

  /** One request to one controller. */
  async requestTo<Req extends MessageSpec, Res extends MessageSpec>(c: ControllerEndpoint, api: ApiPair<Req, Res>, version: number, body: MessageInput<Req>, timeoutMs = 8000): Promise<MessageOf<Res>> {
    const conn = await KafkaConnection.connect({ host: c.host, port: c.port, clientId: 'e2e-admin', connectTimeoutMs: 1000 });
    try {
      return await conn.request(api, version, body, { timeoutMs });
    } finally {
      conn.close();
    }
  }

  /** Asks each controller in turn until one serves the request (see `served`); undefined when none did. */
  async toActive<Req extends MessageSpec, Res extends MessageSpec>(api: ApiPair<Req, Res>, version: number, body: MessageInput<Req>, served: Served<Res>, timeoutMs = 8000): Promise<{ nodeId: number; response: MessageOf<Res> } | undefined> {
    for (const c of this.controllers()) {
      try {
        const response = await this.requestTo(c, api, version, body, timeoutMs);
        if (served(response)) return { nodeId: c.nodeId, response };
      } catch {
        // down, paused past the timeout, or refusing connections: try the next
      }
    }
    return undefined;
  }

  /** CreateTopics v5 for one topic at the active controller; the topic result (errorCode 0 on success). */
  async createTopic(name: string, numPartitions = 1, timeoutMs = 8000): Promise<{ nodeId: number; errorCode: number; errorMessage: string | null } | undefined> {
    const r = await this.toActive(
      { request: CreateTopicsRequest, response: CreateTopicsResponse },
      5,
      { topics: [{ name, numPartitions, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs, validateOnly: false },
      (res) => res.topics[0]?.errorCode !== ErrorCode.NOT_CONTROLLER,
      timeoutMs + 1000,
    );
    const t = r?.response.topics[0];
    return r && t ? { nodeId: r.nodeId, errorCode: t.errorCode, errorMessage: t.errorMessage } : undefined;
  }
}

/**
 * A broker's lifecycle as the controller sees it — BrokerRegistration, then BrokerHeartbeat
 * every `intervalMs` to whichever controller is active, registering again when told
 * STALE_BROKER_EPOCH or when the active controller changes — so controller-only tests have
 * unfenced brokers to place partitions on. (The real brokers do the same, with their metadata
 * offset; this one claims to be caught up.)
 */
export class HeartbeatingBroker {
  private timer: NodeJS.Timeout | undefined;
  private registeredWith: number | undefined;
  private brokerEpoch = -1;
  private running = false;
  readonly incarnationId: Buffer;

  constructor(
    private readonly admin: ControllerAdmin,
    readonly brokerId: number,
    private readonly clusterId: string,
    private readonly intervalMs = 500,
  ) {
    this.incarnationId = Buffer.from(Array.from({ length: 16 }, (_, i) => (brokerId * 31 + i * 7) & 0xff));
  }

  /** The active controller it is registered with and its broker epoch there, once registered. */
  get registration(): { nodeId: number; brokerEpoch: number } | undefined {
    return this.registeredWith === undefined ? undefined : { nodeId: this.registeredWith, brokerEpoch: this.brokerEpoch };
  }

  start(): this {
    this.running = true;
    const beat = () => {
      if (!this.running) return;
      this.beat().finally(() => {
        if (this.running) this.timer = setTimeout(beat, this.intervalMs);
      });
    };
    beat();
    return this;
  }

  /** Stops heartbeating (as a broker that died); start() again resumes with the same incarnation. */
  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
  }

  private async beat(): Promise<void> {
    try {
      if (this.registeredWith === undefined) return await this.register();
      const c = { nodeId: this.registeredWith, ...this.endpointOf(this.registeredWith) };
      const r = await this.admin.requestTo(c, { request: BrokerHeartbeatRequest, response: BrokerHeartbeatResponse }, 0, { brokerId: this.brokerId, brokerEpoch: this.brokerEpoch, currentMetadataOffset: 2 ** 40, wantFence: false, wantShutDown: false }, 3000);
      if (r.errorCode !== ErrorCode.NONE) this.registeredWith = undefined;
    } catch {
      this.registeredWith = undefined;
    }
  }

  private endpointOf(nodeId: number): { host: string; port: number } {
    const found = this.admin.controllers().find((c) => c.nodeId === nodeId);
    if (!found) throw new Error(`unknown controller ${nodeId}`);
    return { host: found.host, port: found.port };
  }

  private async register(): Promise<void> {
    const r = await this.admin.toActive(
      { request: BrokerRegistrationRequest, response: BrokerRegistrationResponse },
      2,
      {
        brokerId: this.brokerId,
        clusterId: this.clusterId,
        incarnationId: this.incarnationId,
        listeners: [{ name: 'PLAINTEXT', host: '127.0.0.1', port: 9092 + 3 * this.brokerId, securityProtocol: 0 }],
        features: [{ name: 'metadata.version', minSupportedVersion: 1, maxSupportedVersion: 14 }],
        rack: null,
      },
      (res) => res.errorCode === ErrorCode.NONE,
      3000,
    );
    if (r) {
      this.registeredWith = r.nodeId;
      this.brokerEpoch = r.response.brokerEpoch;
    }
  }
}

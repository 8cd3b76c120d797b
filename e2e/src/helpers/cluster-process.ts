import { RawKafkaClient } from '@orderlab/cli';
import { CreateTopicsRequest, CreateTopicsResponse, MetadataRequest, MetadataResponse } from '@orderlab/kafka-protocol';
import { clusterLayout, type ClusterLayout } from '@orderlab/shared';
import type { Kafka, KafkaConfig } from 'kafkajs';
import { ClusterBrokerProcess, type BrokerPlacement } from './cluster-broker-process';
import type { ControllerProcess } from './controller-process';
import { ControllerQuorum, newClusterId } from './controller-quorum';
import { freePort } from './free-port';
import { kafkaClient } from './kafkajs-client';
import { waitFor } from './wait-for';

export interface ClusterProcessOptions {
  readonly controllers?: number;
  readonly brokers?: number;
  /** Extra flags for every controller / broker. */
  readonly controllerArgs?: readonly string[];
  readonly brokerArgs?: readonly string[];
  /** The address controllers bind and are reached on (default 127.0.0.1): one brokers in network namespaces can reach. */
  readonly voterHost?: string;
  /** Per broker: its own address and a command prefix (network namespaces); default 127.0.0.1, plain node. */
  readonly brokerPlacement?: (nodeId: number) => BrokerPlacement | undefined;
}

/** GET /metadata of a controller (the committed image). */
export interface ClusterMetadataJson {
  readonly appliedOffset: number;
  readonly brokers: ReadonlyArray<{ brokerId: number; state: 'unfenced' | 'fenced' | 'controlled-shutdown'; incarnationId: string; brokerEpoch: number }>;
  readonly topics: ReadonlyArray<{ name: string; topicId: string; partitions: ReadonlyArray<{ partition: number; leader: number; leaderEpoch: number; partitionEpoch: number; replicas: number[]; isr: number[] }> }>;
}

/** What one broker answers to Metadata (v8) for some topics: brokers, and per partition leader and error. */
export interface BrokerMetadataView {
  readonly brokers: number[];
  readonly controllerId: number;
  readonly topics: ReadonlyArray<{ name: string; errorCode: number; partitions: ReadonlyArray<{ partition: number; leader: number; leaderEpoch: number; errorCode: number }> }>;
}

/**
 * A whole cluster as individual real processes — N controllers (ids 1001…) and M brokers (ids
 * 1…) on free ports, with the same layout and flags as `npm run cluster` (libs/shared) — so a
 * test can SIGKILL, SIGSTOP or restart any node by id. The launcher itself is not used: its job is
 * to keep nodes in one foreground process, a test's is to fault them one by one.
 */
export class ClusterProcess {
  private constructor(
    readonly layout: ClusterLayout,
    readonly quorum: ControllerQuorum,
    readonly brokers: readonly ClusterBrokerProcess[],
  ) {}

  static async start(o: ClusterProcessOptions = {}): Promise<ClusterProcess> {
    const nc = o.controllers ?? 3;
    const nb = o.brokers ?? 3;
    const taken: number[] = [];
    const pick = async (): Promise<number> => {
      let p = await freePort();
      while (taken.includes(p)) p = await freePort();
      taken.push(p);
      return p;
    };
    // Every port picked up front, HTTP ones too: a node binding port 0 while others start could
    // be handed a port just picked for someone else's Kafka listener.
    const picks = async (n: number): Promise<number[]> => {
      const out: number[] = [];
      for (let k = 0; k < n; k++) out.push(await pick());
      return out;
    };
    const ports = { controllerPorts: await picks(nc), controllerHttpPorts: await picks(nc), brokerPorts: await picks(nb), brokerHttpPorts: await picks(nb) };
    const voterHost = o.voterHost ?? '127.0.0.1';
    const layout = clusterLayout({ controllers: nc, brokers: nb, voterHost, advertisedHost: '127.0.0.1' }, ports);
    const clusterId = newClusterId();
    // Bound on every address (a later --host wins over the helper's 127.0.0.1): the voter host for brokers and peers, loopback for the helpers' admin clients.
    const controllerArgs = [...(o.controllerArgs ?? []), ...(o.voterHost ? ['--host', '0.0.0.0'] : [])];
    const quorum = await ControllerQuorum.startVoters({ voters: layout.voters, clusterId, args: controllerArgs, httpPorts: ports.controllerHttpPorts });
    const brokers = layout.brokers.map((b) => new ClusterBrokerProcess(layout, b, clusterId, o.brokerArgs, o.brokerPlacement?.(b.nodeId)));
    const cluster = new ClusterProcess(layout, quorum, brokers);
    try {
      await Promise.all(brokers.map((b) => b.start()));
    } catch (e) {
      await cluster.stop();
      throw e;
    }
    return cluster;
  }

  get clusterId(): string {
    return this.quorum.clusterId;
  }

  /** Every broker's address (kafkajs, kcat -b). */
  get bootstrap(): string {
    return this.brokers.map((b) => b.bootstrap).join(',');
  }

  broker(nodeId: number): ClusterBrokerProcess {
    const b = this.brokers.find((x) => x.nodeId === nodeId);
    if (!b) throw new Error(`no broker ${nodeId}`);
    return b;
  }

  controller(nodeId: number): ControllerProcess {
    return this.quorum.byId(nodeId);
  }

  /** Any node by id (brokers 1…, controllers 1001…): for kill / pause / resume / restart. */
  node(nodeId: number): ClusterBrokerProcess | ControllerProcess {
    return this.brokers.find((x) => x.nodeId === nodeId) ?? this.quorum.byId(nodeId);
  }

  liveBrokers(): ClusterBrokerProcess[] {
    return this.brokers.filter((b) => b.alive && !b.paused);
  }

  /** The active controller, once every responsive controller follows it. */
  activeController(timeoutMs = 15_000): Promise<ControllerProcess> {
    return this.quorum.leader(timeoutMs);
  }

  /** The active controller's committed image. */
  async metadata(timeoutMs = 15_000): Promise<ClusterMetadataJson> {
    return (await (await this.activeController(timeoutMs)).metadata()) as unknown as ClusterMetadataJson;
  }

  /** Polls the active controller's /metadata until `probe` returns something. */
  waitForMetadata<T>(probe: (m: ClusterMetadataJson) => T | undefined | false, description: string, timeoutMs = 15_000, intervalMs = 50): Promise<T> {
    return waitFor(async () => probe(await this.metadata(timeoutMs)), { timeoutMs, intervalMs, description });
  }

  /** Metadata (v8) straight from one broker, over our own client: leader -1 and error codes as sent. */
  async brokerMetadata(brokerId: number, topics: readonly string[] | null = null): Promise<BrokerMetadataView> {
    const client = await RawKafkaClient.connect(this.broker(brokerId).port, this.broker(brokerId).host);
    try {
      const res = await client.send(MetadataRequest, MetadataResponse, 8, { topics: topics ? topics.map((name) => ({ name })) : null, allowAutoTopicCreation: false });
      return {
        brokers: res.brokers.map((b) => b.nodeId).sort((a, b) => a - b),
        controllerId: res.controllerId,
        topics: res.topics
          .map((t) => ({ name: t.name ?? '', errorCode: t.errorCode, partitions: t.partitions.map((p) => ({ partition: p.partitionIndex, leader: p.leaderId, leaderEpoch: p.leaderEpoch, errorCode: p.errorCode })).sort((a, b) => a.partition - b.partition) }))
          .sort((a, b) => (a.name < b.name ? -1 : 1)),
      };
    } finally {
      client.close();
    }
  }

  /** CreateTopics (v4, the newest the broker serves) sent to one broker (which forwards it to the active controller): the topic's result as the broker answered. */
  async createTopicVia(brokerId: number, name: string, numPartitions: number, timeoutMs = 5000): Promise<{ errorCode: number; errorMessage: string | null }> {
    const client = await RawKafkaClient.connect(this.broker(brokerId).port, this.broker(brokerId).host);
    try {
      const res = await client.send(CreateTopicsRequest, CreateTopicsResponse, 4, { topics: [{ name, numPartitions, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs, validateOnly: false });
      const t = res.topics[0];
      if (!t) throw new Error('CreateTopics answered no topic');
      return { errorCode: t.errorCode, errorMessage: t.errorMessage ?? null };
    } finally {
      client.close();
    }
  }

  /** A kafkajs client bootstrapped from every broker. */
  kafka(overrides: Partial<KafkaConfig> = {}): Kafka {
    return kafkaClient(this.brokers[0]!.bootstrap, { brokers: this.bootstrap.split(','), ...overrides });
  }

  /**
   * Waits until every responsive controller serves the same /metadata and every live broker's
   * Metadata names the same topics, partitions and leaders (leader epochs too) as that image;
   * returns the image. Brokers apply the log a moment after the controllers: hence the wait.
   */
  async agreedEverywhere(timeoutMs = 20_000): Promise<ClusterMetadataJson> {
    const image = (await this.quorum.agreedMetadata(timeoutMs)) as unknown as ClusterMetadataJson;
    const expected = JSON.stringify(image.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => [p.partition, p.leader, p.leaderEpoch]) })));
    const seen = new Map<number, string>();
    try {
      await waitFor(
        async () => {
          for (const b of this.liveBrokers()) {
            const view = await this.brokerMetadata(b.nodeId);
            seen.set(b.nodeId, JSON.stringify(view.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => [p.partition, p.leader, p.leaderEpoch]) }))));
          }
          return this.liveBrokers().every((b) => seen.get(b.nodeId) === expected);
        },
        { timeoutMs, intervalMs: 100, description: `every broker's Metadata to match the controllers' image ${expected}` },
      );
    } catch (e) {
      throw new Error(`${(e as Error).message}; the brokers answered ${JSON.stringify(Object.fromEntries(seen))}`);
    }
    return image;
  }

  async stop(): Promise<void> {
    await Promise.all(this.brokers.map((b) => b.dispose()));
    await this.quorum.stop();
  }
}

import { KafkaConnection, chooseVersion, fetchApiVersions } from '@orderlab/kafka-net';
import { DescribeQuorumRequest, DescribeQuorumResponse, ErrorCode, errorInfo, type MessageOf } from '@orderlab/kafka-protocol';

export type QuorumPartition = MessageOf<typeof DescribeQuorumResponse>['topics'][number]['partitions'][number];

export interface Address {
  readonly host: string;
  readonly port: number;
}

export function parseBootstrap(list: string): Address[] {
  return list.split(',').map((entry) => {
    const i = entry.lastIndexOf(':');
    const port = Number(entry.slice(i + 1));
    if (i <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--bootstrap-controller: "${entry}" is not host:port`);
    return { host: entry.slice(0, i), port };
  });
}

async function ask(a: Address): Promise<MessageOf<typeof DescribeQuorumResponse>> {
  const conn = await KafkaConnection.connect({ ...a, clientId: 'metadata-quorum-cli', connectTimeoutMs: 3000, requestTimeoutMs: 5000 });
  try {
    const version = chooseVersion(await fetchApiVersions(conn), DescribeQuorumRequest, { minVersion: 0, maxVersion: 2 });
    return await conn.request({ request: DescribeQuorumRequest, response: DescribeQuorumResponse }, version, { topics: [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] }] });
  } finally {
    conn.close();
  }
}

/**
 * DescribeQuorum, as `kafka-metadata-quorum describe` sends it, answered by the leader. A
 * controller that is not the leader says NOT_LEADER_OR_FOLLOWER; ours also names the leader and
 * the voters' endpoints, so the tool goes there; otherwise it tries the next bootstrap address.
 */
export async function describeQuorum(bootstrap: readonly Address[]): Promise<QuorumPartition> {
  const tried: string[] = [];
  const queue = [...bootstrap];
  while (queue.length > 0 && tried.length < bootstrap.length + 3) {
    const a = queue.shift()!;
    tried.push(`${a.host}:${a.port}`);
    let res: MessageOf<typeof DescribeQuorumResponse>;
    try {
      res = await ask(a);
    } catch (e) {
      tried[tried.length - 1] += ` (${(e as Error).message})`;
      continue;
    }
    const p = res.topics[0]?.partitions[0];
    if (res.errorCode !== ErrorCode.NONE || !p) throw new Error(`DescribeQuorum failed at ${a.host}:${a.port}: ${errorInfo(res.errorCode).name}`);
    if (p.errorCode === ErrorCode.NONE) return p;
    tried[tried.length - 1] += ` (${errorInfo(p.errorCode).name}${p.errorMessage ? `: ${p.errorMessage}` : ''})`;
    const leader = res.nodes?.find((n) => n.nodeId === p.leaderId)?.listeners[0];
    if (p.errorCode === ErrorCode.NOT_LEADER_OR_FOLLOWER && leader) queue.unshift({ host: leader.host, port: leader.port });
  }
  throw new Error(`no controller answered DescribeQuorum as the leader; tried ${tried.join(', ')}`);
}

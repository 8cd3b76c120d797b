import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { FileSystemPort } from '@orderlab/log-store';
import { CodedError } from '@orderlab/shared';

/**
 * meta.properties in the data dir, as `kafka-storage format` writes it: the cluster id and the
 * node id. Written on first start (with the given cluster id, or a new one); afterwards a data
 * dir of another cluster or another node is refused, so a misconfigured process cannot join the
 * wrong quorum with someone else's log.
 */
export interface MetaProperties {
  readonly clusterId: string;
  readonly nodeId: number;
}

export class DataDirError extends CodedError<'DATA_DIR.NODE_ID_MISMATCH' | 'DATA_DIR.CLUSTER_ID_MISMATCH' | 'DATA_DIR.CLUSTER_ID_REQUIRED' | 'DATA_DIR.CORRUPT'> {}

/** A Kafka cluster id: a random UUID in URL-safe base64 without padding (22 characters). */
export function newClusterId(): string {
  return Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
}

/**
 * `voterCount` > 1 and no meta.properties yet: the cluster id must be given, since every voter
 * generating its own would make them refuse each other forever (INCONSISTENT_CLUSTER_ID).
 */
export function loadOrCreateMetaProperties(fs: FileSystemPort, dataDir: string, nodeId: number, clusterId: string | undefined, voterCount = 1): MetaProperties {
  const path = join(dataDir, 'meta.properties');
  const text = fs.readFile(path)?.toString('utf8');
  if (text === undefined) {
    if (clusterId === undefined && voterCount > 1) {
      throw new DataDirError('DATA_DIR.CLUSTER_ID_REQUIRED', `${dataDir} is new and the quorum has ${voterCount} voters: give all of them the same --cluster-id (e.g. ${newClusterId()}), as kafka-storage format -t does`);
    }
    const meta = { clusterId: clusterId ?? newClusterId(), nodeId };
    fs.mkdirp(dataDir);
    fs.writeFileAtomic(path, Buffer.from(`#Written by the controller on first start\nversion=1\ncluster.id=${meta.clusterId}\nnode.id=${nodeId}\n`));
    fs.syncDir(dataDir);
    return meta;
  }
  const props = parseProperties(text);
  const storedNode = Number(props.get('node.id'));
  const storedCluster = props.get('cluster.id');
  if (!storedCluster || !Number.isInteger(storedNode)) throw new DataDirError('DATA_DIR.CORRUPT', `${path} lacks cluster.id or node.id`);
  if (storedNode !== nodeId) throw new DataDirError('DATA_DIR.NODE_ID_MISMATCH', `${dataDir} belongs to node ${storedNode}, not node ${nodeId}`);
  if (clusterId !== undefined && clusterId !== storedCluster) {
    throw new DataDirError('DATA_DIR.CLUSTER_ID_MISMATCH', `${dataDir} belongs to cluster ${storedCluster}, not ${clusterId} (--cluster-id)`);
  }
  return { clusterId: storedCluster, nodeId };
}

function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.includes('=')) continue;
    out.set(line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1).trim());
  }
  return out;
}

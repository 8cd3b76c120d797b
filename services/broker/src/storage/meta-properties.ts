import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CodedError } from '@orderlab/shared';
import { readFileIfExists, writeFileAtomic } from './atomic-file';

/**
 * meta.properties in the data dir, as Kafka keeps it: the cluster id is given on first start
 * (--cluster-id) and kept; a data dir that belongs to another node or cluster id is refused.
 */
export interface MetaProperties {
  readonly clusterId: string;
  readonly nodeId: number;
}

export class DataDirError extends CodedError<'DATA_DIR.NODE_ID_MISMATCH' | 'DATA_DIR.CORRUPT' | 'DATA_DIR.CLUSTER_ID_MISSING' | 'DATA_DIR.CLUSTER_ID_MISMATCH'> {}

/** Kafka cluster ids are a UUID in URL-safe base64 without padding (22 chars). */
export function newClusterId(): string {
  return Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
}

export function loadOrCreateMetaProperties(dataDir: string, nodeId: number, clusterId?: string): MetaProperties {
  const path = join(dataDir, 'meta.properties');
  const text = readFileIfExists(path);
  if (text === null) {
    // A KRaft broker joins a cluster that exists: its id comes from the operator (kafka-storage format -t).
    if (!clusterId) throw new DataDirError('DATA_DIR.CLUSTER_ID_MISSING', `${path} does not exist: --cluster-id is required on the first start (the controllers' cluster id)`);
    const meta = { clusterId, nodeId };
    writeFileAtomic(path, `#Written by the broker on first start\nversion=1\ncluster.id=${meta.clusterId}\nnode.id=${nodeId}\n`);
    return meta;
  }
  const props = Object.fromEntries(
    text.split('\n').filter((l) => l.includes('=') && !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()]),
  );
  const storedNode = Number(props['node.id']);
  if (!props['cluster.id'] || !Number.isInteger(storedNode)) {
    throw new DataDirError('DATA_DIR.CORRUPT', `${path} lacks cluster.id or node.id`);
  }
  if (storedNode !== nodeId) {
    throw new DataDirError('DATA_DIR.NODE_ID_MISMATCH', `${dataDir} belongs to node ${storedNode}, not node ${nodeId}`);
  }
  if (clusterId && clusterId !== props['cluster.id']) {
    throw new DataDirError('DATA_DIR.CLUSTER_ID_MISMATCH', `${dataDir} belongs to cluster ${props['cluster.id']}, not --cluster-id ${clusterId}`);
  }
  return { clusterId: props['cluster.id'], nodeId };
}

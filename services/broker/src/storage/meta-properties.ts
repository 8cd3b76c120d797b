import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CodedError } from '@orderlab/shared';
import { readFileIfExists, writeFileAtomic } from './atomic-file';

/**
 * meta.properties in the data dir, as Kafka keeps it: the cluster id is created on first
 * start and kept; a data dir that belongs to another node id is refused.
 */
export interface MetaProperties {
  readonly clusterId: string;
  readonly nodeId: number;
}

export class DataDirError extends CodedError<'DATA_DIR.NODE_ID_MISMATCH' | 'DATA_DIR.CORRUPT'> {}

/** Kafka cluster ids are a UUID in URL-safe base64 without padding (22 chars). */
export function newClusterId(): string {
  return Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
}

export function loadOrCreateMetaProperties(dataDir: string, nodeId: number, clusterId?: string): MetaProperties {
  const path = join(dataDir, 'meta.properties');
  const text = readFileIfExists(path);
  if (text === null) {
    const meta = { clusterId: clusterId ?? newClusterId(), nodeId };
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
  return { clusterId: props['cluster.id'], nodeId };
}

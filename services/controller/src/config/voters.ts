import { CodedError } from '@orderlab/shared';

export interface VoterEndpoint {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

export class ConfigError extends CodedError<'CONFIG.INVALID'> {}

/**
 * Kafka's controller.quorum.voters: `id@host:port` separated by commas, e.g.
 * `1@localhost:9093,2@localhost:9094,3@localhost:9095`. Ids and endpoints must be distinct.
 */
export function parseVoters(text: string): VoterEndpoint[] {
  const entries = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (entries.length === 0) throw new ConfigError('CONFIG.INVALID', 'voters: at least one id@host:port is needed');
  const voters = entries.map(parseVoter);
  const ids = new Set(voters.map((v) => v.nodeId));
  if (ids.size !== voters.length) throw new ConfigError('CONFIG.INVALID', `voters: duplicate node id in "${text}"`);
  const addresses = new Set(voters.map((v) => `${v.host}:${v.port}`));
  if (addresses.size !== voters.length) throw new ConfigError('CONFIG.INVALID', `voters: two voters share an endpoint in "${text}"`);
  return voters.sort((a, b) => a.nodeId - b.nodeId);
}

function parseVoter(entry: string): VoterEndpoint {
  const m = /^(\d+)@(\[[^\]]+\]|[^:@\s]+):(\d+)$/.exec(entry);
  if (!m) throw new ConfigError('CONFIG.INVALID', `voters: "${entry}" is not id@host:port`);
  const nodeId = Number(m[1]);
  const port = Number(m[3]);
  if (!Number.isSafeInteger(nodeId) || nodeId > 2 ** 31 - 1) throw new ConfigError('CONFIG.INVALID', `voters: node id in "${entry}" is out of range`);
  if (port < 1 || port > 65535) throw new ConfigError('CONFIG.INVALID', `voters: port in "${entry}" is out of range`);
  return { nodeId, host: (m[2] as string).replace(/^\[|\]$/g, ''), port };
}

export function formatVoters(voters: readonly VoterEndpoint[]): string {
  return voters.map((v) => `${v.nodeId}@${v.host}:${v.port}`).join(',');
}

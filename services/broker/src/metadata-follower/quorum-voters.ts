export interface VoterEndpoint {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

/**
 * Kafka's controller.quorum.voters as a broker reads it: `id@host:port,…` (e.g.
 * `1001@127.0.0.1:9192,1002@127.0.0.1:9193`). Returns null with a reason instead of throwing so
 * the config layer can name the flag.
 */
export function parseQuorumVoters(text: string): VoterEndpoint[] | string {
  const entries = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (entries.length === 0) return 'at least one id@host:port is needed';
  const voters: VoterEndpoint[] = [];
  for (const entry of entries) {
    const m = /^(\d+)@(\[[^\]]+\]|[^:@\s]+):(\d+)$/.exec(entry);
    if (!m) return `"${entry}" is not id@host:port`;
    const nodeId = Number(m[1]);
    const port = Number(m[3]);
    if (!Number.isSafeInteger(nodeId) || nodeId > 2 ** 31 - 1) return `node id in "${entry}" is out of range`;
    if (port < 1 || port > 65535) return `port in "${entry}" is out of range`;
    voters.push({ nodeId, host: (m[2] as string).replace(/^\[|\]$/g, ''), port });
  }
  if (new Set(voters.map((v) => v.nodeId)).size !== voters.length) return `duplicate node id in "${text}"`;
  return voters.sort((a, b) => a.nodeId - b.nodeId);
}

import type { CheckReport, History, ReadRecord, ReplicaLog, SendRecord, StoredBatch, Violation, ViolationKind } from './history';

const KINDS: readonly ViolationKind[] = ['lost', 'duplicate', 'wrong-offset', 'key-order', 'non-retriable-error', 'replica-divergence', 'unknown-record'];

/**
 * Checks a fault run's history and reports every violation (not just the first: a test prints
 * them all, and the acks=1 test counts the lost ones). Checks, as in Jepsen's Kafka/Redpanda
 * queue checkers: acknowledged ids present exactly once, at the acknowledged offset, per-key send
 * order kept, only retriable errors seen by producers, and in-sync replicas byte-identical below
 * the high watermark (KRaft's ConsistentCommittedData).
 */
export function checkHistory(h: History): CheckReport {
  const violations: Violation[] = [];
  const sendById = new Map<string, SendRecord>();
  for (const s of h.sends) sendById.set(s.id, s);
  const readsById = new Map<string, ReadRecord[]>();
  for (const r of h.reads) {
    const list = readsById.get(r.id);
    if (list) list.push(r);
    else readsById.set(r.id, [r]);
  }

  for (const s of h.sends) {
    const found = readsById.get(s.id) ?? [];
    const o = s.outcome;
    if (o.ok) {
      if (found.length === 0) violations.push({ kind: 'lost', id: s.id, partition: s.partition, detail: `${s.id} acknowledged at ${s.partition}@${o.offset}, never read back` });
      else if (!found.some((r) => r.partition === s.partition && r.offset === o.offset)) {
        const at = found.map((r) => `${r.partition}@${r.offset}`).join(', ');
        violations.push({ kind: 'wrong-offset', id: s.id, partition: s.partition, detail: `${s.id} acknowledged at ${s.partition}@${o.offset}, read at ${at}` });
      }
    } else if (!o.retriable) {
      violations.push({ kind: 'non-retriable-error', id: s.id, partition: s.partition, detail: `${s.id}: non-retriable ${o.error}` });
    }
    if (found.length > 1) violations.push({ kind: 'duplicate', id: s.id, partition: s.partition, detail: `${s.id} read ${found.length} times, at ${found.map((r) => `${r.partition}@${r.offset}`).join(', ')}` });
  }
  for (const [id, found] of readsById) {
    if (!sendById.has(id)) violations.push({ kind: 'unknown-record', id, partition: found[0]!.partition, detail: `${id} read at ${found.map((r) => `${r.partition}@${r.offset}`).join(', ')}, never sent` });
  }

  violations.push(...keyOrderViolations(h.reads, sendById));
  violations.push(...replicaViolations(h));

  const byKind = Object.fromEntries(KINDS.map((k) => [k, violations.filter((v) => v.kind === k).length])) as Record<ViolationKind, number>;
  return {
    violations,
    counts: { sent: h.sends.length, acknowledged: h.sends.filter((s) => s.outcome.ok).length, failed: h.sends.filter((s) => !s.outcome.ok).length, read: h.reads.length, byKind },
  };
}

/**
 * Per key and producer session, the log order (partition, then offset: a key has one partition)
 * must follow send order. Every record read counts, acknowledged or not: an unacknowledged record
 * that made it into the log must not overtake a later one either. A duplicate's second copy is
 * left to the duplicate check.
 */
function keyOrderViolations(reads: readonly ReadRecord[], sendById: ReadonlyMap<string, SendRecord>): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<string>();
  const streams = new Map<string, Array<{ r: ReadRecord; s: SendRecord }>>();
  for (const r of [...reads].sort((a, b) => a.partition - b.partition || a.offset - b.offset)) {
    const s = sendById.get(r.id);
    if (!s || seen.has(r.id)) continue;
    seen.add(r.id);
    const k = `${s.session}\u0000${s.key}`;
    const list = streams.get(k);
    if (list) list.push({ r, s });
    else streams.set(k, [{ r, s }]);
  }
  for (const list of streams.values()) {
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1]!;
      const cur = list[i]!;
      if (cur.s.seq < prev.s.seq) {
        out.push({ kind: 'key-order', id: cur.r.id, partition: cur.r.partition, detail: `key ${cur.s.key}: ${cur.r.id} (sent #${cur.s.seq}) at ${cur.r.partition}@${cur.r.offset} after ${prev.r.id} (sent #${prev.s.seq}) at ${prev.r.partition}@${prev.r.offset}` });
      }
    }
  }
  return out;
}

/**
 * Every ISR member of a partition must hold the same batches, byte for byte, below the high
 * watermark: a batch wholly below it must exist on each member with identical bytes (followers
 * append the leader's batches unchanged, so batch boundaries agree too).
 */
function replicaViolations(h: History): Violation[] {
  const out: Violation[] = [];
  for (const p of h.partitions ?? []) {
    const members = p.isr.map((id) => ({ id, log: (h.replicas ?? []).find((r) => r.brokerId === id && r.partition === p.partition) }));
    const present = members.filter((m): m is { id: number; log: ReplicaLog } => m.log !== undefined);
    for (const m of members) {
      if (!m.log) out.push({ kind: 'replica-divergence', partition: p.partition, detail: `partition ${p.partition}: ISR member ${m.id}'s log files were not read` });
    }
    const committed = present.map((m) => ({ id: m.id, batches: new Map(m.log.batches.filter((b) => b.lastOffset < p.highWatermark).map((b) => [b.baseOffset, b])) }));
    const offsets = new Set<number>();
    for (const c of committed) for (const o of c.batches.keys()) offsets.add(o);
    for (const base of [...offsets].sort((a, b) => a - b)) {
      const copies = committed.map((c) => ({ id: c.id, b: c.batches.get(base) }));
      const reference = copies.find((c) => c.b)!;
      for (const c of copies) {
        if (c === reference) continue;
        if (!c.b) out.push({ kind: 'replica-divergence', partition: p.partition, detail: `partition ${p.partition}: batch at ${base} below HW ${p.highWatermark} on broker ${reference.id}, missing on ISR member ${c.id}` });
        else if (!sameBatch(c.b, reference.b!)) out.push({ kind: 'replica-divergence', partition: p.partition, detail: `partition ${p.partition}: batch at ${base} below HW ${p.highWatermark} differs between brokers ${reference.id} and ${c.id} (${describe(reference.b!)} vs ${describe(c.b)})` });
      }
    }
  }
  return out;
}

function sameBatch(a: StoredBatch, b: StoredBatch): boolean {
  return a.lastOffset === b.lastOffset && a.bytes.equals(b.bytes);
}

function describe(b: StoredBatch): string {
  return `${b.baseOffset}..${b.lastOffset}, ${b.bytes.length} bytes`;
}

/** One line per violation kind with its count, then up to `limit` examples: for test output. */
export function formatReport(r: CheckReport, limit = 20): string {
  const head = `sent ${r.counts.sent}, acknowledged ${r.counts.acknowledged}, failed ${r.counts.failed}, read ${r.counts.read}; violations: ${
    KINDS.filter((k) => r.counts.byKind[k] > 0).map((k) => `${k} ${r.counts.byKind[k]}`).join(', ') || 'none'
  }`;
  return [head, ...r.violations.slice(0, limit).map((v) => `  ${v.kind}: ${v.detail}`), ...(r.violations.length > limit ? [`  … ${r.violations.length - limit} more`] : [])].join('\n');
}

import type { Rng } from './rng';
import type { SimNode } from './sim-node';

/**
 * What a proposal's records look like, and how the final count finds the proposal each
 * committed record belongs to. `count` fixed: exactly that many records (probes, scenarios);
 * otherwise the scheme draws how many from `rng`, up to `maxRecords`.
 */
export interface RecordScheme {
  make(id: string, node: SimNode, rng: Rng, maxRecords: number, count?: number): Buffer[];
  /** The proposal ids named by a committed data batch's records. */
  idsOf(records: readonly Buffer[]): string[];
}

/** Opaque records `p17/0`, `p17/1`…: the log-hash machine applies anything. */
export const TAGGED_RECORDS: RecordScheme = {
  make: (id, _node, rng, maxRecords, count) => Array.from({ length: count ?? rng.int(1, maxRecords) }, (_, k) => Buffer.from(`${id}/${k}`)),
  idsOf: (records) => records.map((r) => r.toString('latin1')).map((r) => r.slice(0, r.indexOf('/'))),
};

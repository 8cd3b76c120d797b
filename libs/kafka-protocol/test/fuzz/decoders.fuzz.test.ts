import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import {
  DecodeError,
  FrameSplitter,
  Reader,
  apiSchemas,
  decodeBatchRecords,
  decodeConsumerAssignment,
  decodeConsumerSubscription,
  decodeMessage,
  decodeOffsetsRecord,
  encodeConsumerAssignment,
  encodeMessage,
  encodeOffsetsRecord,
  encodeRecordBatch,
  encodeRequest,
  parseVersions,
  readBatchHeader,
  readRequestHead,
  type MessageSpec,
} from '../../src';

/**
 * Hostile bytes against every decoder: random inputs and mutations of valid encodings.
 * The only thing allowed to escape is a DecodeError. Replay with FUZZ_SEED=<seed>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const TARGET_INPUTS = 3_000_000;

type Decoder = (bytes: Buffer) => unknown;

function versionsOf(spec: MessageSpec): number[] {
  const r = parseVersions(spec.validVersions);
  return Array.from({ length: r.max - r.min + 1 }, (_, i) => r.min + i);
}

const decoders: Decoder[] = [];
const seeds: Buffer[] = [];
const batch = encodeRecordBatch({ records: [{ key: 'k', value: 'v', headers: { h: 'x' }, timestamp: 1 }, { key: null, value: 'second', timestamp: 2 }] });
for (const { request, response } of apiSchemas.values()) {
  for (const spec of [request, response]) {
    for (const v of versionsOf(spec)) {
      decoders.push((b) => decodeMessage(spec, v, new Reader(b)));
      seeds.push(encodeMessage(spec, v, {}).toBuffer());
    }
  }
  seeds.push(encodeRequest(request, versionsOf(request)[0] as number, 7, 'fuzz', {}));
}
decoders.push((b) => readRequestHead(b));
decoders.push((b) => {
  const s = new FrameSplitter(1 << 16);
  for (let i = 0; i < b.length; i += 7) s.push(b.subarray(i, i + 7));
});
decoders.push((b) => readBatchHeader(b));
decoders.push((b) => decodeBatchRecords(b, { 1: (x: Buffer) => gunzipSync(x) }));
decoders.push((b) => decodeOffsetsRecord(b, b.subarray(Math.floor(b.length / 2))));
decoders.push((b) => decodeConsumerAssignment(b));
decoders.push((b) => decodeConsumerSubscription(b));
seeds.push(batch, encodeConsumerAssignment({ assignedPartitions: [{ topic: 'orders', partitions: [0, 1] }] }));
const offsetsRecord = encodeOffsetsRecord({ key: { type: 'offset', group: 'g', topic: 't', partition: 0 }, value: { offset: 5, leaderEpoch: -1, metadata: '', commitTimestamp: 1 } });
seeds.push(Buffer.concat([offsetsRecord.key, offsetsRecord.value as Buffer]));

/** A mutation of a valid encoding: bit flips, a cut, an insertion, or a length field set to an edge value. */
const mutated = fc.tuple(fc.integer({ min: 0, max: seeds.length - 1 }), fc.integer({ min: 0, max: 3 }), fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([s, kind, n, extra]) => {
  const base = Buffer.from(seeds[s] as Buffer);
  const at = (i: number) => (base.length === 0 ? 0 : (n[i] as number) % base.length);
  if (kind === 0) {
    for (let i = 0; i < 3; i++) if (base.length > 0) base[at(i)] ^= 1 << ((n[3] as number) % 8);
    return base;
  }
  if (kind === 1) return base.subarray(0, at(0));
  if (kind === 2) return Buffer.concat([base.subarray(0, at(0)), Buffer.from(extra), base.subarray(at(0))]);
  const edge = [-2, -1, 0, 0x7fffffff, 0x10000][(n[1] as number) % 5] as number;
  if (base.length >= 4) base.writeInt32BE(edge, Math.min(at(2), base.length - 4));
  return base;
});
const inputs = fc.oneof(fc.uint8Array({ maxLength: 96 }).map((a) => Buffer.from(a)), mutated);

test(`every decoder answers hostile bytes with a value or a DecodeError (≥ ${TARGET_INPUTS.toLocaleString('en-US')} inputs, FUZZ_SEED=${SEED})`, { timeout: 300_000 }, () => {
  console.log('decoder fuzz seed', SEED);
  const started = Date.now();
  let calls = 0;
  const numRuns = Math.ceil(TARGET_INPUTS / decoders.length);
  fc.assert(
    fc.property(inputs, (bytes) => {
      for (const decode of decoders) {
        calls++;
        try {
          decode(bytes);
        } catch (e) {
          if (!(e instanceof DecodeError)) throw new Error(`a non-DecodeError escaped for ${bytes.toString('hex')}: ${(e as Error).stack}`);
        }
      }
    }),
    { seed: SEED, numRuns },
  );
  console.log(`decoder fuzz: ${calls.toLocaleString('en-US')} decoder inputs (${decoders.length} decoders × ${numRuns} byte strings) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.ok(calls >= TARGET_INPUTS);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DecodeError } from '@orderlab/kafka-protocol';
import { MetadataApplyError, apply, decodeMetadataRecord, encodeMetadataRecord } from '../../src';
import { sampleImage, sampleRecords } from '../kit';

/**
 * Hostile bytes against the record decoder, and every record it accepts against apply(): the
 * decoder may only throw DecodeError, apply only MetadataApplyError. Replay with FUZZ_SEED=<seed>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = 200_000;

const seeds = sampleRecords().map((r) => encodeMetadataRecord(r));
const image = sampleImage();

const mutated = fc
  .tuple(fc.integer({ min: 0, max: seeds.length - 1 }), fc.integer({ min: 0, max: 3 }), fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), fc.uint8Array({ minLength: 1, maxLength: 8 }))
  .map(([s, kind, n, extra]) => {
    const base = Buffer.from(seeds[s] as Buffer);
    const at = (i: number) => (n[i] as number) % base.length;
    if (kind === 0) {
      for (let i = 0; i < 3; i++) base[at(i)] ^= 1 << ((n[3] as number) % 8);
      return base;
    }
    if (kind === 1) return base.subarray(0, at(0));
    if (kind === 2) return Buffer.concat([base.subarray(0, at(0)), Buffer.from(extra), base.subarray(at(0))]);
    const edge = [-2, -1, 0, 0x7fffffff, 0x10000][(n[1] as number) % 5] as number;
    if (base.length >= 4) base.writeInt32BE(edge, Math.min(at(2), base.length - 4));
    return base;
  });
const inputs = fc.oneof(fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)), mutated);

test(`hostile record bytes: DecodeError or a record apply() accepts or refuses with MetadataApplyError (${RUNS} inputs, FUZZ_SEED=${SEED})`, { timeout: 120_000 }, () => {
  console.log('metadata record fuzz seed', SEED);
  const started = Date.now();
  let decoded = 0;
  fc.assert(
    fc.property(inputs, (bytes) => {
      let record;
      try {
        record = decodeMetadataRecord(bytes);
      } catch (e) {
        if (e instanceof DecodeError) return;
        throw new Error(`a non-DecodeError escaped the decoder for ${bytes.toString('hex')}: ${(e as Error).stack}`);
      }
      decoded++;
      try {
        apply(image, record, image.lastAppliedOffset + 1, 1);
      } catch (e) {
        if (!(e instanceof MetadataApplyError)) throw new Error(`apply threw a non-MetadataApplyError for ${bytes.toString('hex')}: ${(e as Error).stack}`);
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
  console.log(`metadata record fuzz: ${RUNS} inputs, ${decoded} decoded and applied, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.ok(decoded > RUNS / 100, 'mutations must reach apply() often enough to mean something');
});

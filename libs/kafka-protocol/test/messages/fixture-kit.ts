/**
 * Checks for hand-written fixtures (bytes composed field by field from Kafka's message JSON, one
 * comment per field): the fixture decodes to the expected values, and both the expected value
 * and the decoded one encode back to the fixture byte for byte.
 */
import assert from 'node:assert/strict';
import { Reader, decodeMessage, encodeMessage, inRange, parseVersions, type FieldSpec, type MessageInput, type MessageSpec } from '../../src';
import { readFixture, type Kind } from './group-kit';

/**
 * `value` restricted to the fields that exist in `version`, so one value per API can describe
 * every version's fixture. Which fields exist where is checked by the bytes themselves: a field
 * our schema misplaces shifts everything after it and fails the byte comparison.
 */
export function presentIn(fields: readonly FieldSpec[], version: number, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!(f.name in value) || !inRange(parseVersions(f.versions), version)) continue;
    const v = value[f.name];
    if (f.type === '[]struct' && Array.isArray(v)) out[f.name] = v.map((item) => presentIn(f.fields ?? [], version, item as Record<string, unknown>));
    else if (f.type === 'struct' && v !== null && typeof v === 'object') out[f.name] = presentIn(f.fields ?? [], version, v as Record<string, unknown>);
    else out[f.name] = v;
  }
  return out;
}

/** Every property of `expected` (at any depth) equals the one in `actual`; arrays must match in length. */
export function assertSubset(expected: unknown, actual: unknown, path = ''): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path} is an array`);
    assert.equal(actual.length, expected.length, `${path} length`);
    expected.forEach((e, i) => assertSubset(e, actual[i], `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object' && !Buffer.isBuffer(expected)) {
    for (const [k, e] of Object.entries(expected)) assertSubset(e, (actual as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

export function checkFixture<M extends MessageSpec>(spec: M, dir: string, version: number, kind: Kind, value: MessageInput<M>): void {
  const fixture = readFixture(dir, version, kind);
  const expected = presentIn(spec.fields, version, value as Record<string, unknown>);
  const decoded = decodeMessage(spec, version, new Reader(fixture));
  assertSubset(expected, decoded);
  assert.equal(encodeMessage(spec, version, value).toBuffer().toString('hex'), fixture.toString('hex'), 'the expected value encodes to the hand-written bytes');
  assert.equal(encodeMessage(spec, version, decoded).toBuffer().toString('hex'), fixture.toString('hex'), 'the decoded value re-encodes byte for byte');
}

export function versionsOf(spec: MessageSpec): number[] {
  const r = parseVersions(spec.validVersions);
  return Array.from({ length: r.max - r.min + 1 }, (_, i) => r.min + i);
}

export const uuidHex = (hex: string): Buffer => Buffer.from(hex, 'hex');

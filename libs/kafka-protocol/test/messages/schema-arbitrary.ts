/**
 * fast-check arbitraries built from a MessageSpec: a value for one version holds every field that
 * exists in that version, nullable ones sometimes null, within the ranges of their wire types.
 */
import fc from 'fast-check';
import { inRange, parseVersions, type FieldSpec, type FieldType, type MessageSpec } from '../../src';

const INT_RANGES: Partial<Record<FieldType, [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function scalar(type: FieldType): fc.Arbitrary<unknown> {
  const range = INT_RANGES[type];
  if (range) return fc.integer({ min: range[0], max: range[1] });
  switch (type) {
    case 'bool':
      return fc.boolean();
    case 'string':
      return fc.string({ unit: 'grapheme', maxLength: 12 });
    case 'bytes':
    case 'records':
      return fc.uint8Array({ maxLength: 24 }).map((a) => Buffer.from(a));
    case 'uuid':
      return fc.uint8Array({ minLength: 16, maxLength: 16 }).map((a) => Buffer.from(a));
    default:
      throw new Error(`no arbitrary for ${type}`);
  }
}

function fieldArbitrary(f: FieldSpec, version: number): fc.Arbitrary<unknown> {
  let arb: fc.Arbitrary<unknown>;
  if (f.type === 'struct') arb = structArbitrary(f.fields ?? [], version);
  else if (f.type === '[]struct') arb = fc.array(structArbitrary(f.fields ?? [], version), { maxLength: 3 });
  else if (f.type.startsWith('[]')) arb = fc.array(scalar(f.type.slice(2) as FieldType), { maxLength: 4 });
  else arb = scalar(f.type);
  return inRange(parseVersions(f.nullableVersions), version) ? fc.option(arb, { nil: null }) : arb;
}

export function structArbitrary(fields: readonly FieldSpec[], version: number): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of fields) if (inRange(parseVersions(f.versions), version)) model[f.name] = fieldArbitrary(f, version);
  return fc.record(model);
}

export function messageArbitrary(spec: MessageSpec, version: number): fc.Arbitrary<Record<string, unknown>> {
  return structArbitrary(spec.fields, version);
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ApiKey,
  Reader,
  apiSchemas,
  decodeMessage,
  encodeMessage,
  inRange,
  isFlexible,
  parseVersions,
  supportsVersion,
  type FieldSpec,
  type MessageOf,
  type MessageSpec,
} from '../../src';
import { groupApiSchemas } from '../../src/messages/registry-groups';

function encode(spec: MessageSpec, version: number, value: Record<string, unknown>): Buffer {
  return encodeMessage(spec, version, value as Partial<MessageOf<MessageSpec>>).toBuffer();
}

/** kafka-protocol.md §1.4 Phase A ranges for the consumer-group APIs. */
const PHASE_A: ReadonlyArray<[number, number, number]> = [
  [ApiKey.FindCoordinator, 0, 2],
  [ApiKey.JoinGroup, 0, 5],
  [ApiKey.Heartbeat, 0, 3],
  [ApiKey.LeaveGroup, 0, 3],
  [ApiKey.SyncGroup, 0, 3],
  [ApiKey.DescribeGroups, 0, 2],
  [ApiKey.ListGroups, 0, 2],
  [ApiKey.OffsetCommit, 2, 7],
  [ApiKey.OffsetFetch, 1, 5],
  [ApiKey.DeleteGroups, 0, 1],
  [ApiKey.OffsetDelete, 0, 0],
];

test('every group API is registered and its schemas cover the advertised versions without flexible encoding', () => {
  assert.equal(groupApiSchemas.length, PHASE_A.length);
  for (const [key, min, max] of PHASE_A) {
    const s = apiSchemas.get(key);
    assert.ok(s, `api ${key} registered`);
    assert.equal(s.request.apiKey, key);
    assert.equal(s.response.apiKey, key);
    for (let v = min; v <= max; v++) {
      for (const spec of [s.request, s.response]) {
        assert.ok(supportsVersion(spec, v), `${spec.name} v${v}`);
        assert.equal(isFlexible(spec, v), false, `${spec.name} v${v} is not flexible (kafka-protocol.md §1.3)`);
      }
    }
  }
});

/** A value with every field of `version` set to something other than its default. */
function sample(fields: readonly FieldSpec[], version: number, seed: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  fields.forEach((f, i) => {
    if (!inRange(parseVersions(f.versions), version)) return;
    const n = seed * 10 + i + 1;
    const nullable = inRange(parseVersions(f.nullableVersions), version);
    switch (f.type) {
      case 'struct':
        out[f.name] = sample(f.fields ?? [], version, n);
        break;
      case '[]struct':
        out[f.name] = [sample(f.fields ?? [], version, n), sample(f.fields ?? [], version, n + 1)];
        break;
      case '[]int32':
        out[f.name] = [n, -n];
        break;
      case '[]string':
        out[f.name] = [`s${n}`, ''];
        break;
      case 'string':
        out[f.name] = nullable && n % 2 === 0 ? null : `value-${n}`;
        break;
      case 'bytes':
        out[f.name] = nullable && n % 2 === 0 ? null : Buffer.from([n & 0xff, 0xab]);
        break;
      case 'bool':
        out[f.name] = true;
        break;
      case 'int8':
        out[f.name] = n % 100;
        break;
      case 'int64':
        out[f.name] = 2 ** 40 + n;
        break;
      default:
        out[f.name] = n;
    }
  });
  return out;
}

function assertFieldsEqual(fields: readonly FieldSpec[], version: number, expected: Record<string, unknown>, actual: Record<string, unknown>, path: string): void {
  for (const f of fields) {
    if (!inRange(parseVersions(f.versions), version)) {
      assert.ok(f.name in actual, `${path}${f.name} gets a default`);
      continue;
    }
    const e = expected[f.name];
    const a = actual[f.name];
    if (f.type === '[]struct' && Array.isArray(e) && Array.isArray(a)) {
      assert.equal(a.length, e.length, `${path}${f.name} length`);
      e.forEach((item, i) => assertFieldsEqual(f.fields ?? [], version, item as Record<string, unknown>, a[i] as Record<string, unknown>, `${path}${f.name}[${i}].`));
    } else {
      assert.deepEqual(a, e, `${path}${f.name}`);
    }
  }
}

test('every valid version of every group schema (flexible ones included) round-trips a full value', () => {
  const specs: MessageSpec[] = groupApiSchemas.flatMap((s): MessageSpec[] => [s.request, s.response]);
  let checked = 0;
  for (const spec of specs) {
    const range = parseVersions(spec.validVersions);
    for (let v = range.min; v <= range.max; v++) {
      const value = sample(spec.fields, v, 1);
      const bytes = encode(spec, v, value);
      const decoded = decodeMessage(spec, v, new Reader(bytes)) as Record<string, unknown>;
      assertFieldsEqual(spec.fields, v, value, decoded, `${spec.name} v${v}: `);
      assert.deepEqual(encode(spec, v, decoded), bytes, `${spec.name} v${v} re-encodes identically`);
      checked++;
    }
  }
  assert.ok(checked > 100, `checked ${checked} (schema, version) pairs`);
});

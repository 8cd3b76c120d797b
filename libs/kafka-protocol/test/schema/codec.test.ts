import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DecodeError,
  Reader,
  decodeMessage,
  encodeMessage,
  type MessageSpec,
} from '../../src';

const Sample = {
  name: 'Sample',
  apiKey: 999,
  type: 'request',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'id', type: 'int32', versions: '0+' },
    { name: 'name', type: 'string', versions: '0+', nullableVersions: '1+' },
    { name: 'big', type: 'int64', versions: '1+', default: -1 },
    {
      name: 'items',
      type: '[]struct',
      versions: '0+',
      fields: [
        { name: 'key', type: 'string', versions: '0+' },
        { name: 'values', type: '[]int32', versions: '0+' },
      ],
    },
    { name: 'note', type: 'string', versions: '2+', taggedVersions: '2+', tag: 0, nullableVersions: '2+', default: null },
  ],
} as const satisfies MessageSpec;

test('fields absent from a version decode to their defaults', () => {
  const bytes = encodeMessage(Sample, 0, { id: 7, name: 'x', items: [] }).toBuffer();
  const decoded = decodeMessage(Sample, 0, new Reader(bytes));
  assert.deepEqual(decoded, { id: 7, name: 'x', big: -1, items: [], note: null });
});

test('flexible versions round-trip compact encodings and tagged fields', () => {
  const value = { id: -3, name: null, big: 2 ** 40 + 5, items: [{ key: 'k', values: [1, 2, 3] }], note: 'hi' };
  const bytes = encodeMessage(Sample, 2, value).toBuffer();
  assert.deepEqual(decodeMessage(Sample, 2, new Reader(bytes)), value);
  const untagged = encodeMessage(Sample, 2, { ...value, note: null }).toBuffer();
  assert.equal(bytes.length - untagged.length, 5, 'tag 0 costs tag, size and the compact string');
});

test('null in a non-nullable field is a typed decode error', () => {
  const bytes = Buffer.from([0, 0, 0, 1, 0xff, 0xff, 0, 0, 0, 0]);
  assert.throws(() => decodeMessage(Sample, 0, new Reader(bytes)), (e) => e instanceof DecodeError && e.code === 'DECODE.NULL_NOT_ALLOWED');
});

test('an array count larger than the remaining bytes is refused before allocating', () => {
  const bytes = Buffer.from([0, 0, 0, 1, 0, 0, 0x7f, 0xff, 0xff, 0xff]);
  assert.throws(() => decodeMessage(Sample, 0, new Reader(bytes)), (e) => e instanceof DecodeError && e.code === 'DECODE.LENGTH_TOO_LARGE');
});

test('trailing bytes after the body are an error', () => {
  const bytes = Buffer.concat([encodeMessage(Sample, 0, { id: 1, name: '', items: [] }).toBuffer(), Buffer.from([0])]);
  assert.throws(() => decodeMessage(Sample, 0, new Reader(bytes)), (e) => e instanceof DecodeError && e.code === 'DECODE.TRAILING_BYTES');
});

test('a zero-size frame is split as an empty frame (found by the decoder fuzz: it used to throw a TypeError)', async () => {
  const { FrameSplitter } = await import('../../src');
  const s = new FrameSplitter();
  assert.deepEqual(s.push(Buffer.from([0, 0, 0, 0])), [Buffer.alloc(0)]);
  assert.deepEqual(s.push(Buffer.from([0, 0, 0, 0, 0, 0, 0, 1, 9])), [Buffer.alloc(0), Buffer.from([9])]);
});

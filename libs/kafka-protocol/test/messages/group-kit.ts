/**
 * Test kit for the consumer-group API fixtures: hex fixture files, kafkajs 2.2.4 as an independent
 * implementation, and a schema-driven annotator that writes one comment per field into generated
 * fixtures. Fixtures live in test/fixtures/<api>/v<N>.request.hex / .response.hex (message body
 * only, no size prefix or header; lines starting with # are comments).
 *
 * Regenerate the kafkajs-backed fixtures with UPDATE_FIXTURES=1; hand-written ones are never rewritten.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import {
  Reader,
  decodeMessage,
  encodeMessage,
  inRange,
  isFlexible,
  parseVersions,
  type FieldSpec,
  type MessageOf,
  type MessageSpec,
} from '../../src';

/** libs/kafka-protocol, from dist/test/messages. */
const PKG_ROOT = resolve(__dirname, '../../..');
const FIXTURES = join(PKG_ROOT, 'test', 'fixtures');
const UPDATE = process.env.UPDATE_FIXTURES === '1';

const load = createRequire(__filename);

interface KafkajsRequest {
  apiKey: number;
  apiVersion: number;
  encode(): Promise<{ buffer: Buffer }>;
}
interface KafkajsResponse {
  decode(raw: Buffer): Promise<unknown>;
  parse(data: unknown): Promise<unknown>;
}

export function kafkajsRequest(api: string, version: number): (args: unknown) => KafkajsRequest {
  return load(`kafkajs/src/protocol/requests/${api}/v${version}/request`) as (args: unknown) => KafkajsRequest;
}

export function kafkajsResponse(api: string, version: number): KafkajsResponse {
  return load(`kafkajs/src/protocol/requests/${api}/v${version}/response`) as KafkajsResponse;
}

export function kafkajsModule<T>(path: string): T {
  return load(`kafkajs/src/${path}`) as T;
}

/**
 * kafkajs' response decoders never check that they consumed the whole body. To catch fields we
 * write that kafkajs does not expect, every kafkajs Decoder that reads is recorded, and the one
 * over the fixture must end exactly at its last byte.
 */
interface KafkajsDecoder {
  buffer: Buffer;
  offset: number;
}
const readingDecoders = new Set<KafkajsDecoder>();
const decoderPrototype = (load('kafkajs/src/protocol/decoder') as { prototype: Record<string, unknown> }).prototype;
for (const method of ['readInt8', 'readInt16', 'readInt32', 'readInt64', 'readString', 'readBytes', 'readBoolean', 'readArray']) {
  const original = decoderPrototype[method] as (this: KafkajsDecoder, ...args: unknown[]) => unknown;
  decoderPrototype[method] = function (this: KafkajsDecoder, ...args: unknown[]): unknown {
    readingDecoders.add(this);
    return original.apply(this, args);
  };
}

export type Kind = 'request' | 'response';

export function fixtureFile(dir: string, version: number, kind: Kind): string {
  return join(FIXTURES, dir, `v${version}.${kind}.hex`);
}

export function parseHex(text: string): Buffer {
  const hex = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('')
    .replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new Error('fixture is not an even-length hex string');
  return Buffer.from(hex, 'hex');
}

export function readFixture(dir: string, version: number, kind: Kind): Buffer {
  return readHexFile(fixtureFile(dir, version, kind));
}

/** A hex fixture by path relative to test/fixtures (or absolute). */
export function readHexFile(path: string): Buffer {
  return parseHex(readFileSync(resolve(FIXTURES, path), 'utf8'));
}

/** Reads a generated fixture, (re)writing it first from `bytes` when UPDATE_FIXTURES=1. */
export function generatedFixture(spec: MessageSpec, dir: string, version: number, kind: Kind, bytes: Buffer, source: string): Buffer {
  const file = fixtureFile(dir, version, kind);
  if (UPDATE) {
    mkdirSync(dirname(file), { recursive: true });
    const head = [
      `# ${spec.name} v${version} body (no size prefix, no header).`,
      `# ${source}`,
      '# Generated (UPDATE_FIXTURES=1); the per-field comments come from our schema.',
    ];
    writeFileSync(file, [...head, ...annotate(spec, version, bytes), ''].join('\n'));
  }
  return readFixture(dir, version, kind);
}

/**
 * A request version kafkajs implements: kafkajs' encoder output must equal the fixture and our
 * encoding of `expected`, and our decoder must turn the fixture back into `expected`.
 */
export async function checkKafkajsRequest<M extends MessageSpec>(
  spec: M,
  dir: string,
  kafkajsApi: string,
  version: number,
  kafkajsArgs: unknown,
  expected: MessageOf<M>,
): Promise<void> {
  const req = kafkajsRequest(kafkajsApi, version)(kafkajsArgs);
  assert.equal(req.apiKey, spec.apiKey, 'kafkajs api key');
  assert.equal(req.apiVersion, version, 'kafkajs api version');
  const theirs = Buffer.from((await req.encode()).buffer);
  const fixture = generatedFixture(spec, dir, version, 'request', theirs, 'Bytes from the kafkajs 2.2.4 request encoder.');
  assert.deepEqual(theirs, fixture, 'kafkajs encoding equals the fixture');
  assert.deepEqual(encodeMessage(spec, version, expected).toBuffer(), fixture, 'our encoding equals kafkajs');
  assert.deepEqual(decodeMessage(spec, version, new Reader(fixture)), expected, 'our decoding of the fixture');
}

/**
 * A response version kafkajs implements: our encoding of `value` must equal the fixture and decode
 * back, and kafkajs' decoder must read the fixture as `kafkajsExpected`; its parse must accept it, or
 * reject it for error responses.
 */
export async function checkKafkajsResponse<M extends MessageSpec>(
  spec: M,
  dir: string,
  kafkajsApi: string,
  version: number,
  value: MessageOf<M>,
  kafkajsExpected: unknown,
  parse: 'accepts' | 'rejects' = 'accepts',
): Promise<void> {
  const ours = encodeMessage(spec, version, value).toBuffer();
  const fixture = generatedFixture(spec, dir, version, 'response', ours, 'Bytes from our encoder, read back by the kafkajs 2.2.4 response decoder.');
  assert.deepEqual(ours, fixture, 'our encoding equals the fixture');
  assert.deepEqual(decodeMessage(spec, version, new Reader(fixture)), value, 'our decoding of the fixture');
  const response = kafkajsResponse(kafkajsApi, version);
  readingDecoders.clear();
  const decoded = await response.decode(fixture);
  const top = [...readingDecoders].find((d) => d.buffer === fixture);
  assert.ok(top, 'kafkajs decoded the fixture buffer');
  assert.equal(top.offset, fixture.length, 'kafkajs consumed every byte we wrote');
  assert.deepEqual(decoded, kafkajsExpected, 'kafkajs decoding of the fixture');
  if (parse === 'accepts') await response.parse(decoded);
  else await assert.rejects(response.parse(decoded), 'kafkajs parse turns the error code into an error');
}

/** A version kafkajs lacks: the fixture is written by hand from Kafka's JSON. */
export function checkHandWritten<M extends MessageSpec>(spec: M, dir: string, version: number, kind: Kind, value: MessageOf<M>): void {
  const fixture = readFixture(dir, version, kind);
  assert.deepEqual(encodeMessage(spec, version, value).toBuffer(), fixture, 'our encoding equals the hand-written bytes');
  assert.deepEqual(decodeMessage(spec, version, new Reader(fixture)), value, 'our decoding of the hand-written bytes');
}

/** Splits a message body into `# field: value` comment lines, each followed by that field's bytes. */
export function annotate(spec: MessageSpec, version: number, bytes: Buffer): string[] {
  if (isFlexible(spec, version)) throw new Error('annotate() handles non-flexible versions only');
  const r = new Reader(bytes);
  const out: string[] = [];
  annotateFields(spec.fields, version, r, out, '');
  if (r.remaining() !== 0) throw new Error(`${r.remaining()} bytes left after ${spec.name} v${version}`);
  return out;
}

function annotateFields(fields: readonly FieldSpec[], version: number, r: Reader, out: string[], path: string): void {
  for (const f of fields) {
    if (!inRange(parseVersions(f.versions), version)) continue;
    const name = `${path}${f.name}`;
    const nullable = inRange(parseVersions(f.nullableVersions), version);
    const start = r.offset;
    const emit = (what: string): void => {
      out.push(`# ${name}: ${what}`);
      out.push(...hexLines(r.buf.subarray(start, r.offset)));
    };
    if (f.type === '[]struct') {
      const n = r.int32();
      emit(n === -1 ? 'null array (int32 -1)' : `array of ${n} (int32 count)`);
      for (let i = 0; i < n; i++) annotateFields(f.fields ?? [], version, r, out, `${name}[${i}].`);
      continue;
    }
    if (f.type.startsWith('[]')) {
      const n = r.int32();
      if (n === -1) {
        emit('null array (int32 -1)');
        continue;
      }
      const items: unknown[] = [];
      for (let i = 0; i < n; i++) items.push(readScalar(f.type.slice(2), r));
      emit(`${f.type} ${JSON.stringify(items)} (int32 count ${n}, then elements)`);
      continue;
    }
    const v = readScalar(f.type, r);
    if (v === null && !nullable) throw new Error(`${name} is null but not nullable in v${version}`);
    emit(describe(f.type, v));
  }
}

function readScalar(type: string, r: Reader): unknown {
  switch (type) {
    case 'int8':
      return r.int8();
    case 'int16':
      return r.int16();
    case 'int32':
      return r.int32();
    case 'int64':
      return r.int64();
    case 'bool':
      return r.bool();
    case 'string':
      return r.nullableString();
    case 'bytes':
    case 'records':
      return r.nullableBytes();
    case 'uuid':
      return r.uuid();
    default:
      throw new Error(`annotate: unsupported type ${type}`);
  }
}

function describe(type: string, v: unknown): string {
  if (type === 'string') return v === null ? 'null string (int16 -1)' : `string ${JSON.stringify(v)} (int16 length ${Buffer.byteLength(v as string)})`;
  if (type === 'bytes' || type === 'records') return v === null ? `null ${type} (int32 -1)` : `${type}, int32 length ${(v as Buffer).length}`;
  if (type === 'uuid') return `uuid ${(v as Buffer).toString('hex')}`;
  return `${type} ${String(v)}`;
}

function hexLines(b: Buffer): string[] {
  const lines: string[] = [];
  for (let i = 0; i < b.length; i += 32) lines.push(b.subarray(i, i + 32).toString('hex'));
  return lines;
}

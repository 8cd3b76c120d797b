import { DecodeError, EncodeError } from '../primitives/codec-errors';
import { Reader } from '../primitives/reader';
import { Writer } from '../primitives/writer';
import type { FieldSpec, FieldType, MessageInput, MessageOf, MessageSpec } from './spec';
import { inRange, parseVersions } from './versions';

/**
 * The one generic codec: it interprets a MessageSpec for a given version. Each
 * (spec, version) pair is compiled once into a list of field readers/writers and cached.
 */
interface FieldCodec {
  read(r: Reader): unknown;
  write(w: Writer, v: unknown): void;
}

interface CompiledStruct extends FieldCodec {
  read(r: Reader): Record<string, unknown>;
}

interface CompiledField {
  readonly name: string;
  readonly codec: FieldCodec;
  readonly makeDefault: () => unknown;
}

interface TaggedField extends CompiledField {
  readonly tag: number;
}

const compiledCache = new WeakMap<MessageSpec, Map<number, CompiledStruct>>();

export function isFlexible(spec: MessageSpec, version: number): boolean {
  return inRange(parseVersions(spec.flexibleVersions), version);
}

export function supportsVersion(spec: MessageSpec, version: number): boolean {
  return inRange(parseVersions(spec.validVersions), version);
}

function compiled(spec: MessageSpec, version: number): CompiledStruct {
  let byVersion = compiledCache.get(spec);
  if (!byVersion) {
    byVersion = new Map();
    compiledCache.set(spec, byVersion);
  }
  let c = byVersion.get(version);
  if (!c) {
    if (!supportsVersion(spec, version)) {
      throw new DecodeError('DECODE.UNSUPPORTED_VERSION', `${spec.name} v${version} is not supported`);
    }
    c = compileStruct(spec.fields, version, isFlexible(spec, version));
    byVersion.set(version, c);
  }
  return c;
}

/** Decode a message body. Trailing bytes after the last field are an error, as in Kafka. */
export function decodeMessage<M extends MessageSpec>(spec: M, version: number, r: Reader): MessageOf<M> {
  const value = compiled(spec, version).read(r);
  if (r.remaining() !== 0) {
    throw new DecodeError('DECODE.TRAILING_BYTES', `${r.remaining()} bytes after ${spec.name} v${version}`);
  }
  return value as MessageOf<M>;
}

export function encodeMessage<M extends MessageSpec>(
  spec: M,
  version: number,
  value: MessageOf<M> | Partial<MessageOf<M>> | MessageInput<M>,
  w: Writer = new Writer(),
): Writer {
  let c: CompiledStruct;
  try {
    c = compiled(spec, version);
  } catch {
    throw new EncodeError('ENCODE.UNSUPPORTED_VERSION', `${spec.name} v${version} is not supported`);
  }
  c.write(w, value);
  return w;
}

function compileStruct(fields: readonly FieldSpec[], version: number, flexible: boolean): CompiledStruct {
  const absent: CompiledField[] = [];
  const inline: CompiledField[] = [];
  const tagged: TaggedField[] = [];
  for (const f of fields) {
    const makeDefault = defaultFactory(f, version, flexible);
    if (!inRange(parseVersions(f.versions), version)) {
      absent.push({ name: f.name, codec: NO_CODEC, makeDefault });
      continue;
    }
    const nullable = inRange(parseVersions(f.nullableVersions), version);
    const codec = fieldCodec(f, version, flexible, nullable);
    if (flexible && f.tag !== undefined && inRange(parseVersions(f.taggedVersions), version)) {
      tagged.push({ name: f.name, codec, makeDefault, tag: f.tag });
    } else {
      inline.push({ name: f.name, codec, makeDefault });
    }
  }
  tagged.sort((a, b) => a.tag - b.tag);
  return {
    read(r) {
      const obj: Record<string, unknown> = {};
      for (const f of absent) obj[f.name] = f.makeDefault();
      for (const f of inline) obj[f.name] = f.codec.read(r);
      if (flexible) readTagBuffer(r, tagged, obj);
      return obj;
    },
    write(w, v) {
      const obj = v as Record<string, unknown>;
      for (const f of inline) {
        const value = obj[f.name];
        f.codec.write(w, value === undefined ? f.makeDefault() : value);
      }
      if (flexible) writeTagBuffer(w, tagged, obj);
    },
  };
}

const NO_CODEC: FieldCodec = {
  read: () => undefined,
  write: () => undefined,
};

function readTagBuffer(r: Reader, tagged: readonly TaggedField[], obj: Record<string, unknown>): void {
  for (const f of tagged) obj[f.name] = f.makeDefault();
  const count = r.uvarint();
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint();
    const size = r.uvarint();
    const data = r.raw(size);
    const field = tagged.find((t) => t.tag === tag);
    if (!field) continue; // unknown tags are skipped by size, as Kafka does
    const sub = new Reader(data);
    obj[field.name] = field.codec.read(sub);
    if (sub.remaining() !== 0) {
      throw new DecodeError('DECODE.TRAILING_BYTES', `tagged field ${field.name} has ${sub.remaining()} extra bytes`);
    }
  }
}

function writeTagBuffer(w: Writer, tagged: readonly TaggedField[], obj: Record<string, unknown>): void {
  const present = tagged.filter((f) => !isDefaultValue(obj[f.name], f.makeDefault()));
  w.uvarint(present.length);
  for (const f of present) {
    const body = new Writer(32);
    f.codec.write(body, obj[f.name]);
    const bytes = body.toBuffer();
    w.uvarint(f.tag).uvarint(bytes.length).raw(bytes);
  }
}

/** Tagged fields holding their default are not written (Kafka omits them too). */
function isDefaultValue(value: unknown, dflt: unknown): boolean {
  if (value === undefined || value === dflt) return true;
  if (Array.isArray(value)) return value.length === 0 && Array.isArray(dflt);
  if (isPlainObject(value) && isPlainObject(dflt)) {
    return Object.keys(dflt).every((k) => isDefaultValue(value[k], dflt[k]));
  }
  return false;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

function defaultFactory(f: FieldSpec, version: number, flexible: boolean): () => unknown {
  if (f.default !== undefined) {
    const d = f.default;
    return () => d;
  }
  switch (f.type) {
    case 'bool':
      return () => false;
    case 'string':
      return () => '';
    case 'bytes':
    case 'records':
      return f.nullableVersions === undefined ? () => Buffer.alloc(0) : () => null;
    case 'uuid':
      return () => Buffer.alloc(16);
    case 'struct': {
      // Built by decoding the struct's all-defaults bytes: encoded once, on first use, not on
      // every default (tagged struct fields take one per decode and encode of their message).
      const inner = compileStruct(f.fields ?? [], version, flexible);
      let empty: Buffer | null = null;
      return () => inner.read(new Reader((empty ??= emptyStructBytes(inner))));
    }
    default:
      return f.type.startsWith('[]') ? () => [] : () => 0;
  }
}

/** Bytes of a struct whose fields all hold their defaults, so a default struct is built by the codec itself. */
function emptyStructBytes(struct: CompiledStruct): Buffer {
  const w = new Writer(16);
  struct.write(w, {});
  return w.toBuffer();
}

function fieldCodec(f: FieldSpec, version: number, flexible: boolean, nullable: boolean): FieldCodec {
  if (f.type === 'struct') {
    return nullGuard(f.name, nullable, compileStruct(f.fields ?? [], version, flexible));
  }
  if (f.type === '[]struct') {
    return arrayCodec(f.name, compileStruct(f.fields ?? [], version, flexible), flexible, nullable);
  }
  if (f.type.startsWith('[]')) {
    const element = scalarCodec(f.name, f.type.slice(2) as FieldType, flexible, false);
    return arrayCodec(f.name, element, flexible, nullable);
  }
  return scalarCodec(f.name, f.type, flexible, nullable);
}

function nullGuard(name: string, nullable: boolean, codec: FieldCodec): FieldCodec {
  if (nullable) {
    // Kafka encodes a nullable struct with a leading int8: -1 null, 1 present.
    return {
      read: (r) => (r.int8() < 0 ? null : codec.read(r)),
      write: (w, v) => {
        if (v === null) w.int8(-1);
        else codec.write(w.int8(1), v);
      },
    };
  }
  return {
    read: (r) => codec.read(r),
    write: (w, v) => {
      if (v === null) throw new EncodeError('ENCODE.NULL_NOT_ALLOWED', `${name} is not nullable`);
      codec.write(w, v);
    },
  };
}

function arrayCodec(name: string, element: FieldCodec, flexible: boolean, nullable: boolean): FieldCodec {
  return {
    read(r) {
      const n = flexible ? r.compactArrayLength() : r.arrayLength();
      if (n === -1) return nonNull(name, nullable, null);
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = element.read(r);
      return out;
    },
    write(w, v) {
      if (v === null) {
        if (!nullable) throw new EncodeError('ENCODE.NULL_NOT_ALLOWED', `${name} is not nullable`);
        if (flexible) w.uvarint(0);
        else w.int32(-1);
        return;
      }
      if (!Array.isArray(v)) throw new EncodeError('ENCODE.INVALID_VALUE', `${name} must be an array`);
      if (flexible) w.uvarint(v.length + 1);
      else w.int32(v.length);
      for (const item of v) element.write(w, item);
    },
  };
}

function nonNull<T>(name: string, nullable: boolean, v: T | null): T | null {
  if (v === null && !nullable) throw new DecodeError('DECODE.NULL_NOT_ALLOWED', `${name} must not be null`);
  return v;
}

function scalarCodec(name: string, type: FieldType, flexible: boolean, nullable: boolean): FieldCodec {
  switch (type) {
    case 'int8':
      return { read: (r) => r.int8(), write: (w, v) => w.int8(num(name, v)) };
    case 'int16':
      return { read: (r) => r.int16(), write: (w, v) => w.int16(num(name, v)) };
    case 'uint16':
      return { read: (r) => r.uint16(), write: (w, v) => w.uint16(num(name, v)) };
    case 'int32':
      return { read: (r) => r.int32(), write: (w, v) => w.int32(num(name, v)) };
    case 'int64':
      return { read: (r) => r.int64(), write: (w, v) => w.int64(num(name, v)) };
    case 'float64':
      return { read: (r) => r.float64(), write: (w, v) => w.float64(num(name, v)) };
    case 'bool':
      return { read: (r) => r.bool(), write: (w, v) => w.bool(v === true) };
    case 'uuid':
      return { read: (r) => r.uuid(), write: (w, v) => w.uuid(v as Buffer) };
    case 'string':
      return stringCodec(name, flexible, nullable);
    case 'bytes':
    case 'records':
      return bytesCodec(name, flexible, nullable);
    default:
      throw new Error(`field ${name}: unsupported type ${type}`);
  }
}

function stringCodec(name: string, flexible: boolean, nullable: boolean): FieldCodec {
  return {
    read: (r) => nonNull(name, nullable, flexible ? r.compactNullableString() : r.nullableString()),
    write(w, v) {
      if (v === null && !nullable) throw new EncodeError('ENCODE.NULL_NOT_ALLOWED', `${name} is not nullable`);
      if (v !== null && typeof v !== 'string') throw new EncodeError('ENCODE.INVALID_VALUE', `${name} must be a string`);
      if (flexible) w.compactNullableString(v);
      else w.nullableString(v);
    },
  };
}

function bytesCodec(name: string, flexible: boolean, nullable: boolean): FieldCodec {
  return {
    read: (r) => nonNull(name, nullable, flexible ? r.compactNullableBytes() : r.nullableBytes()),
    write(w, v) {
      if (v === null && !nullable) throw new EncodeError('ENCODE.NULL_NOT_ALLOWED', `${name} is not nullable`);
      if (v !== null && !Buffer.isBuffer(v)) throw new EncodeError('ENCODE.INVALID_VALUE', `${name} must be a Buffer`);
      if (flexible) w.compactNullableBytes(v);
      else w.nullableBytes(v);
    },
  };
}

function num(name: string, v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v)) {
    throw new EncodeError('ENCODE.INVALID_VALUE', `${name} must be a number, got ${String(v)}`);
  }
  return v;
}

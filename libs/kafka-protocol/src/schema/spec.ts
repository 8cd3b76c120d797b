/**
 * Message schemas, declared once per API in the shape of Kafka's message JSON
 * (clients/src/main/resources/common/message/*.json) for the subset we serve.
 * One generic codec (codec.ts) interprets them for every version; the TypeScript
 * types of decoded messages are derived from the same declarations.
 */
export type ScalarType =
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'int64'
  | 'float64'
  | 'bool'
  | 'string'
  | 'bytes'
  | 'records'
  | 'uuid';

export type ArrayOfScalarType = '[]int8' | '[]int16' | '[]int32' | '[]int64' | '[]string' | '[]uuid';

export type FieldType = ScalarType | ArrayOfScalarType | 'struct' | '[]struct';

export interface FieldSpec {
  /** camelCase name of the property in decoded objects. */
  readonly name: string;
  readonly type: FieldType;
  /** Versions in which the field exists, e.g. "0+", "3-7". */
  readonly versions: string;
  readonly nullableVersions?: string;
  /** Flexible versions in which the field is carried in the tag buffer instead of inline. */
  readonly taggedVersions?: string;
  readonly tag?: number;
  /** Value used when decoding a version without this field, and when encoding an omitted value. */
  readonly default?: number | string | boolean | null;
  /** Member fields for 'struct' and '[]struct'. */
  readonly fields?: readonly FieldSpec[];
}

export interface MessageSpec {
  readonly name: string;
  readonly apiKey: number;
  /** 'metadata': a KRaft metadata-log record (metadata/src/main/resources/common/metadata/*.json), not an API message. */
  readonly type: 'request' | 'response' | 'metadata';
  /** Versions this schema describes (may be wider than what the broker advertises). */
  readonly validVersions: string;
  readonly flexibleVersions: string;
  readonly fields: readonly FieldSpec[];
}

type ScalarValue<T extends FieldType> = T extends 'int8' | 'int16' | 'uint16' | 'int32' | 'int64' | 'float64'
  ? number
  : T extends 'bool'
    ? boolean
    : T extends 'string'
      ? string
      : T extends 'bytes' | 'records' | 'uuid'
        ? Buffer
        : T extends '[]int8' | '[]int16' | '[]int32' | '[]int64'
          ? number[]
          : T extends '[]string'
            ? string[]
            : T extends '[]uuid'
              ? Buffer[]
              : never;

type BaseValue<F extends FieldSpec> = F['type'] extends '[]struct'
  ? F extends { fields: infer S extends readonly FieldSpec[] }
    ? Array<StructOf<S>>
    : never
  : F['type'] extends 'struct'
    ? F extends { fields: infer S extends readonly FieldSpec[] }
      ? StructOf<S>
      : never
    : ScalarValue<F['type']>;

export type FieldValue<F extends FieldSpec> = F extends { nullableVersions: string }
  ? BaseValue<F> | null
  : BaseValue<F>;

/** The decoded object for a list of fields. Every field is present: absent versions get defaults. */
export type StructOf<S extends readonly FieldSpec[]> = {
  -readonly [F in S[number] as F['name']]: FieldValue<F>;
};

export type MessageOf<M extends MessageSpec> = StructOf<M['fields']>;

/** Input accepted by the encoders: any field at any depth may be omitted and gets its default. */
export type DeepPartial<T> = T extends Buffer
  ? T
  : T extends Array<infer E>
    ? Array<DeepPartial<E>>
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T;

export type MessageInput<M extends MessageSpec> = DeepPartial<MessageOf<M>>;

/** The element type of an (optional) array type: Item<MessageInput<typeof X>['topics']>. */
export type Item<T> = NonNullable<T> extends ReadonlyArray<infer E> ? E : never;

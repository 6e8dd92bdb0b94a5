import Type, {
  type Static,
  type TArray,
  type TObject,
  type TOptional,
  type TProperties,
  type TSchema,
} from 'typebox';

declare const DEFAULTED: unique symbol;

/** A property its default fills in: optional where the value is written, present once parsed. */
export type TDefaulted<T extends TSchema = TSchema> = TOptional<T> & { readonly [DEFAULTED]: true };

/**
 * Declares an optional property with its default, once: the JSON Schema shows `default` and
 * leaves the property out of `required`, {@link parseConfig} fills it in, and {@link Parsed}
 * types it as present.
 *
 * @example
 * ```ts
 * const Server = Type.Object({ port: Defaulted(Type.Integer({ minimum: 0, maximum: 65_535 }), 8787) });
 * ```
 */
export function Defaulted<T extends TSchema>(type: T, value: Static<T>): TDefaulted<T> {
  const optional = Type.Optional(type) as TSchema & { default?: unknown };
  optional.default = value;
  return optional as TDefaulted<T>;
}

type ParsedObject<P extends TProperties> = {
  readonly [
    K in keyof P as P[K] extends TDefaulted ? K : P[K] extends TOptional<TSchema> ? never : K
  ]: Parsed<P[K]>;
} & {
  readonly [
    K in keyof P as P[K] extends TDefaulted ? never : P[K] extends TOptional<TSchema> ? K : never
  ]?: Parsed<P[K]>;
};

/**
 * The type of a value once {@link parseConfig} has filled in the defaults: {@link Defaulted}
 * properties are present, other optional ones may be absent. (`Static<T>` is the type as
 * written, defaults optional.)
 */
export type Parsed<T extends TSchema> =
  T extends TObject<infer P extends TProperties>
    ? ParsedObject<P>
    : T extends TArray<infer I extends TSchema>
      ? Parsed<I>[]
      : Static<T>;

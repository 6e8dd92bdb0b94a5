import { ConfigError, OptionsReader } from '@ballast/core';
import { checkFlagKey } from '../definition/readFlagsDocument.js';

/** What a method under `@FeatureFlag` does when the flag is off for the call. */
export type WhenOff =
  /** Return undefined without calling the method (a resolved undefined for async methods). */
  | 'skip'
  /** Throw `FeatureDisabledError` (`BALLAST_ERR_FEATURE_DISABLED`); async methods reject with it. */
  | 'throw'
  /** Return this value instead (resolved for async methods). */
  | { readonly value: unknown }
  /** Call this other method of the class with the same arguments (checked when woven). */
  | { readonly method: string };

type Extractor<T> = (...args: never[]) => T;

/** Options of `@FeatureFlag(flag, options)`. */
export interface FeatureFlagOptions {
  /** @default 'skip' */
  readonly whenOff?: WhenOff;
  /** Value used when the flag is unknown or evaluation fails (reason ERROR). @default false */
  readonly defaultValue?: boolean;
  /**
   * Targeting key from the call's arguments, e.g. `(req) => req.userId`. Default: the key of
   * the call context's user (`currentUser()`).
   */
  readonly key?: Extractor<string | undefined>;
  /** Attributes from the call's arguments. Default: the call context user's attributes. */
  readonly attributes?: Extractor<Readonly<Record<string, unknown>> | undefined>;
}

/** Input of `FeatureFlagAspect.use()`: the options plus the flag key. */
export interface FeatureFlagInput extends FeatureFlagOptions {
  readonly flag: string;
}

/** @internal validated options. */
export interface FeatureFlagSettings {
  readonly flag: string;
  readonly whenOff: WhenOff;
  readonly defaultValue: boolean;
  readonly key: Extractor<string | undefined> | undefined;
  readonly attributes: Extractor<Readonly<Record<string, unknown>> | undefined> | undefined;
}

const WHEN_OFF = "'skip', 'throw', { value } or { method: 'otherMethod' }";

function readWhenOff(read: OptionsReader, where: string): WhenOff {
  const raw = read.raw('whenOff');
  if (raw === undefined || raw === 'skip' || raw === 'throw') return raw ?? 'skip';
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const keys = Object.keys(raw);
    if (keys.length === 1 && keys[0] === 'value')
      return { value: (raw as { value: unknown }).value };
    const method = (raw as { method?: unknown }).method;
    if (keys.length === 1 && typeof method === 'string' && method.length > 0) return { method };
  }
  throw new ConfigError(
    `${where}: option "whenOff" must be ${WHEN_OFF} (got ${JSON.stringify(raw) ?? typeof raw}).`,
  );
}

/** @internal validates `@FeatureFlag` input at decoration time. */
export function readFeatureFlagOptions(
  input: FeatureFlagInput | undefined,
  where: string,
): FeatureFlagSettings {
  const read = new OptionsReader(where, input, [
    'flag',
    'whenOff',
    'defaultValue',
    'key',
    'attributes',
  ]);
  const flag = read.raw('flag');
  if (typeof flag !== 'string') read.fail('flag', 'the flag key, a non-empty string');
  try {
    checkFlagKey(flag);
  } catch (error) {
    throw new ConfigError(`${where}: ${(error as Error).message}`, { cause: error });
  }
  return {
    flag: flag as string,
    whenOff: readWhenOff(read, where),
    defaultValue: read.boolean('defaultValue', false),
    key: read.func('key'),
    attributes: read.func('attributes'),
  };
}

import { OptionsReader } from '@ballast/core';
import { type ErrorMatcher, readErrorMatcher } from '../retry/ErrorMatcher.js';
import type { FallbackOptions, FallbackServedEvent } from './FallbackOptions.js';

/** Validated fallback options. */
export interface FallbackPolicy {
  readonly hasValue: boolean;
  readonly value: unknown;
  readonly handler: ((error: unknown, args: readonly unknown[]) => unknown) | undefined;
  readonly method: string | undefined;
  readonly lastKnownGood:
    | {
        readonly maxAge: number;
        readonly maxEntries: number;
        readonly key: ((args: readonly unknown[]) => string) | undefined;
      }
    | undefined;
  readonly on: ErrorMatcher | undefined;
  readonly onResult: ((result: unknown) => boolean) | undefined;
  readonly name: string | undefined;
  readonly onFallback: ((event: FallbackServedEvent) => void) | undefined;
}

const KEYS = [
  'value',
  'handler',
  'method',
  'lastKnownGood',
  'on',
  'onResult',
  'name',
  'onFallback',
];

function readLastKnownGood(read: OptionsReader, where: string): FallbackPolicy['lastKnownGood'] {
  const raw = read.raw('lastKnownGood');
  if (raw === undefined || raw === false) return undefined;
  const lkg = new OptionsReader(`${where} lastKnownGood`, raw === true ? {} : raw, [
    'maxAge',
    'maxEntries',
    'key',
  ]);
  return Object.freeze({
    maxAge: lkg.number('maxAge', 60_000, { min: 0 }),
    maxEntries: lkg.number('maxEntries', 1_000, { integer: true, min: 1, max: 10_000_000 }),
    key: lkg.func<(args: readonly unknown[]) => string>('key'),
  });
}

/** Validates `@Fallback` input; a bad option is a `ConfigError` naming it and what is allowed. */
export function readFallbackPolicy(
  input: FallbackOptions | undefined,
  where: string,
): FallbackPolicy {
  const read = new OptionsReader(where, input, KEYS);
  const hasValue = input !== undefined && Object.prototype.hasOwnProperty.call(input, 'value');
  const handler = read.func<(error: unknown, args: readonly unknown[]) => unknown>('handler');
  const method = read.has('method') ? read.string('method', '') : undefined;
  const lastKnownGood = readLastKnownGood(read, where);
  const sources = [hasValue, handler !== undefined, method !== undefined].filter(Boolean).length;
  if (sources > 1) read.fail('value', 'given alone: use one of value, handler or method');
  if (sources === 0 && lastKnownGood === undefined) {
    read.fail('value', 'given: set one of value, handler, method or lastKnownGood');
  }
  return Object.freeze({
    hasValue,
    value: input?.value,
    handler,
    method,
    lastKnownGood,
    on: readErrorMatcher(read, 'on'),
    onResult: read.func<(result: unknown) => boolean>('onResult'),
    name: read.has('name') ? read.string('name', '') : undefined,
    onFallback: read.func<(event: FallbackServedEvent) => void>('onFallback'),
  });
}

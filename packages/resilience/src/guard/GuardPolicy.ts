import { ConfigError, OptionsReader } from '@ballast/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { GuardViolationEvent } from './GuardEvents.js';
import type { GuardOptions } from './GuardOptions.js';

/** Validated guard options. */
export interface GuardPolicy {
  readonly args: readonly (StandardSchemaV1 | undefined)[] | 'nonNull' | undefined;
  readonly result: StandardSchemaV1 | 'nonNull' | undefined;
  readonly mode: 'throw' | 'log-only';
  readonly name: string | undefined;
  readonly onViolation: ((event: GuardViolationEvent) => void) | undefined;
}

const KEYS = ['args', 'result', 'mode', 'name', 'onViolation'];
const SCHEMA =
  "a Standard Schema (zod, valibot, ArkType: an object with '~standard'.validate) or 'nonNull'";

function isSchema(value: unknown): value is StandardSchemaV1 {
  const props = (value as { '~standard'?: { version?: unknown; validate?: unknown } } | null)?.[
    '~standard'
  ];
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    typeof props === 'object' &&
    props !== null &&
    props.version === 1 &&
    typeof props.validate === 'function'
  );
}

function readArgs(read: OptionsReader, where: string): GuardPolicy['args'] {
  const raw = read.raw('args');
  if (raw === undefined || raw === 'nonNull') return raw;
  if (!Array.isArray(raw))
    return read.fail('args', `an array of schemas by position, or 'nonNull'`);
  (raw as unknown[]).forEach((item, index) => {
    if (item !== undefined && !isSchema(item))
      throw new ConfigError(
        `${where}: args[${index}] must be ${SCHEMA.replace(" or 'nonNull'", '')}, or undefined to leave it unchecked.`,
      );
  });
  return Object.freeze([...(raw as (StandardSchemaV1 | undefined)[])]);
}

/** Validates `@Guard` input; a bad option is a `ConfigError` naming it and what is allowed. */
export function readGuardPolicy(input: GuardOptions | undefined, where: string): GuardPolicy {
  const read = new OptionsReader(where, input, KEYS);
  const result = read.raw('result');
  if (result !== undefined && result !== 'nonNull' && !isSchema(result))
    read.fail('result', SCHEMA);
  const args = readArgs(read, where);
  if (args === undefined && result === undefined)
    throw new ConfigError(
      `${where}: give "args", "result" or both; a guard without a contract checks nothing.`,
    );
  return Object.freeze({
    args,
    result: result as GuardPolicy['result'],
    mode: read.oneOf('mode', 'throw', ['throw', 'log-only'] as const),
    name: read.has('name') ? read.string('name', '') : undefined,
    onViolation: read.func<(event: GuardViolationEvent) => void>('onViolation'),
  });
}

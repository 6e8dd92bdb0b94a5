import { resolve } from 'node:path';
import { OptionsReader } from '@ballast/core';
import type { FlagLogger } from '@ballast/flags';

/** Options of {@link RedisFlagSource}. */
export interface RedisFlagSourceOptions {
  /** Several documents can share a Redis under different names. @default 'default' */
  readonly name?: string;
  /**
   * File keeping the last document read from Redis (written atomically after each change), so
   * a process that starts while Redis is down still serves the flags. Required.
   */
  readonly cacheFile: string;
  /** @default console */
  readonly logger?: FlagLogger;
  /**
   * How often the document's revision in Redis is compared with the one applied here, to catch
   * a change whose message arrived while Redis could not be read (its breaker open).
   * @default 5000
   */
  readonly resyncIntervalMs?: number;
}

/** @internal {@link RedisFlagSourceOptions} checked, with defaults filled in and `cacheFile` absolute. */
export type RedisFlagSourceConfig = Required<RedisFlagSourceOptions>;

/**
 * @internal reads a {@link RedisFlagSource}'s options.
 * @throws ConfigError (`BALLAST_ERR_CONFIG`) for an unknown option, a bad value or no `cacheFile`.
 */
export function readRedisFlagSourceOptions(options: RedisFlagSourceOptions): RedisFlagSourceConfig {
  const read = new OptionsReader('RedisFlagSource', options, [
    'name',
    'cacheFile',
    'logger',
    'resyncIntervalMs',
  ]);
  const name = read.string('name', 'default');
  const resyncIntervalMs = read.number('resyncIntervalMs', 5_000, {
    integer: true,
    min: 10,
    max: 3_600_000,
  });
  if (!read.has('cacheFile')) read.fail('cacheFile', 'a file path (it is required)');
  const cacheFile = resolve(read.string('cacheFile', ''));
  const logger = read.raw('logger') as Partial<FlagLogger> | undefined;
  if (
    logger !== undefined &&
    (typeof logger?.warn !== 'function' || typeof logger.info !== 'function')
  )
    read.fail('logger', 'a logger with warn(message) and info(message)');
  return {
    name,
    cacheFile,
    logger: (logger as FlagLogger | undefined) ?? console,
    resyncIntervalMs,
  };
}

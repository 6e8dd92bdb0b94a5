import type { AspectUse } from '../aspect/Aspect.js';
import { ConfigError } from '../errors/kernelErrors.js';
import { OptionsReader } from '../options/OptionsReader.js';
import type { Runtime } from '../runtime/Runtime.js';
import { protect } from './protect.js';

/** Options for {@link protectModule}. */
export interface ProtectModuleOptions {
  /** Runtime that owns timers, events and policies. Default: a process-wide runtime. */
  readonly runtime?: Runtime;
  /** Prefix for names in messages and metrics, e.g. `fs`. Default: `module`. */
  readonly name?: string;
}

/** Which aspects protect which of a module's functions, by function name. */
export type ModuleSpec<M> = { readonly [K in keyof M]?: readonly AspectUse[] };

/**
 * Protects a third-party module's functions by name without touching the module: returns an
 * object that inherits from `module`, with the named functions wrapped (called with the module
 * as `this`). Naming something that is not a function of the module is a coded error.
 *
 * @example
 * ```ts
 * const fsSafe = protectModule(fs.promises, { readFile: [timeout(1_000)], writeFile: [timeout(2_000)] }, { name: 'fs' });
 * await fsSafe.readFile(path, 'utf8');
 * ```
 */
export function protectModule<M extends object>(
  module: M,
  spec: ModuleSpec<M>,
  options: ProtectModuleOptions = {},
): M {
  if (typeof module !== 'object' && typeof module !== 'function') {
    throw new ConfigError(`protectModule: expected a module object (got ${typeof module}).`);
  }
  const prefix = new OptionsReader('protectModule', options, ['runtime', 'name']).string(
    'name',
    'module',
  );
  const protectedModule = Object.create(module) as Record<string, unknown>;
  for (const [key, uses] of Object.entries(spec)) {
    const fn = (module as Record<string, unknown>)[key];
    if (typeof fn !== 'function') {
      const functions = Object.keys(module).filter(
        (k) => typeof (module as Record<string, unknown>)[k] === 'function',
      );
      throw new ConfigError(
        `protectModule(${prefix}): "${key}" is not a function of the module. ` +
          `Functions: ${functions.slice(0, 20).join(', ')}${functions.length > 20 ? ', …' : ''}.`,
      );
    }
    protectedModule[key] = protect(
      fn as (...args: never[]) => unknown,
      uses as readonly AspectUse[],
      {
        ...(options.runtime === undefined ? {} : { runtime: options.runtime }),
        name: `${prefix}.${key}`,
        thisArg: module,
      },
    );
  }
  return protectedModule as M;
}

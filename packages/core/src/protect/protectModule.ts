import type { AspectUse } from '../aspect/Aspect.js';
import { ConfigError } from '../errors/kernelErrors.js';
import { describeValue, OptionsReader } from '../options/OptionsReader.js';
import type { Runtime } from '../runtime/Runtime.js';
import { readProperty } from '../values/readProperty.js';
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
  if ((typeof module !== 'object' && typeof module !== 'function') || module === null) {
    throw new ConfigError(
      `protectModule: expected a module object (got ${describeValue(module)}).`,
    );
  }
  const prefix = new OptionsReader('protectModule', options, ['runtime', 'name']).string(
    'name',
    'module',
  );
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new ConfigError(
      `protectModule(${prefix}): the spec must be an object of function names to aspect lists ` +
        `(got ${describeValue(spec)}).`,
    );
  }
  const protectedModule = Object.create(module) as Record<string, unknown>;
  for (const [key, uses] of Object.entries(spec)) {
    const fn = readExport(module, key, prefix);
    if (typeof fn !== 'function') {
      const functions = Object.keys(module).filter(
        (k) => typeof readProperty(module, k) === 'function',
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

/**
 * The export named `key`. A read that throws (an ES module binding read before its module has
 * run, as in an import cycle, or a getter) is a coded error with the failure as its cause.
 */
function readExport(module: object, key: string, prefix: string): unknown {
  try {
    return (module as Record<string, unknown>)[key];
  } catch (error) {
    throw new ConfigError(
      `protectModule(${prefix}): reading "${key}" from the module threw ` +
        `(${error instanceof Error ? error.name : typeof error}); an ES module read before it ` +
        'has finished loading (an import cycle) does this. Protect it once it has loaded.',
      { cause: error },
    );
  }
}

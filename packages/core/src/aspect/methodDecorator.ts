import { DecoratorTargetError } from '../errors/kernelErrors.js';

type AnyFunction = (...args: never[]) => unknown;

/**
 * A method decorator usable both with `experimentalDecorators` (legacy: target, key, descriptor)
 * and as a TC39 standard decorator (value, context). The mode is detected from the arguments.
 */
export interface AspectDecorator {
  (target: object, propertyKey: string | symbol, descriptor?: PropertyDescriptor): void;
  (value: unknown, context: DecoratorContext): void;
}

/** Where a decorator landed, once checked to be an instance method. */
export interface DecoratedMethod {
  /** The method as the decorator received it (another decorator may have replaced it). */
  readonly method: AnyFunction;
  readonly key: string | symbol;
  /** The class prototype in legacy mode; standard decorators are not told. */
  readonly prototype: object | undefined;
  /** `Class.method` where the class is known (legacy mode), else `method`. */
  readonly label: string;
  /** What the decorator returns so that `replacement` takes the method's place. */
  replaceWith(replacement: AnyFunction): unknown;
}

function isStandardContext(value: unknown): value is DecoratorContext {
  return typeof value === 'object' && value !== null && 'kind' in value && 'name' in value;
}

function fail(decorator: string, what: string): never {
  throw new DecoratorTargetError(
    `${decorator} was applied to ${what}; it decorates instance methods only ` +
      '(wrap other functions with protect()).',
  );
}

/**
 * Resolves the decorated method from either decorator calling convention, or throws a
 * {@link DecoratorTargetError} naming what it was applied to.
 */
export function decoratedMethod(decorator: string, args: readonly unknown[]): DecoratedMethod {
  const [first, second, third] = args;
  if (isStandardContext(second)) {
    const context = second;
    if (context.kind !== 'method')
      return fail(decorator, `a ${context.kind} "${String(context.name)}"`);
    if (context.static) return fail(decorator, `the static method "${String(context.name)}"`);
    if (context.private) return fail(decorator, `the private method "${String(context.name)}"`);
    return {
      method: first as AnyFunction,
      key: context.name,
      prototype: undefined,
      label: String(context.name),
      replaceWith: (replacement) => replacement,
    };
  }
  if (args.length < 2 || (typeof second !== 'string' && typeof second !== 'symbol')) {
    return fail(decorator, 'a class or a parameter');
  }
  const label = `${typeof first === 'function' ? first.name : ((first as object).constructor?.name ?? '?')}.${String(second)}`;
  if (typeof first === 'function') return fail(decorator, `the static method "${label}"`);
  const descriptor = third as PropertyDescriptor | undefined;
  if (descriptor === undefined || typeof descriptor !== 'object')
    return fail(decorator, `the property "${label}"`);
  if (descriptor.get !== undefined || descriptor.set !== undefined)
    return fail(decorator, `the accessor "${label}"`);
  if (typeof descriptor.value !== 'function')
    return fail(decorator, `the non-function member "${label}"`);
  return {
    method: descriptor.value as AnyFunction,
    key: second,
    prototype: first as object,
    label,
    replaceWith: (replacement) => ({ ...descriptor, value: replacement }),
  };
}

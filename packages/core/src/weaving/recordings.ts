import type { Aspect } from '../aspect/Aspect.js';
import { DuplicateAspectError } from '../errors/kernelErrors.js';

/** One decorator's record on a method: the aspect and its validated options or policy name. */
export interface Recording {
  readonly aspect: Aspect<unknown, unknown>;
  readonly options: unknown;
  readonly policy: string | undefined;
}

type AnyFunction = (...args: never[]) => unknown;

// Keyed by the method's function object, so both decorator modes record the same way and a
// lookup at weave time needs no class metadata.
const recordings = new WeakMap<AnyFunction, Recording[]>();
const orders = new WeakMap<AnyFunction, readonly string[]>();

/** Appends `recording` to `list`; the same aspect twice on one method is a coded error. */
export function appendRecording(list: Recording[], recording: Recording, where: string): void {
  if (list.some((existing) => existing.aspect.name === recording.aspect.name)) {
    throw new DuplicateAspectError(
      `${where}: @${recording.aspect.name} is applied twice; an aspect may appear once per method.`,
    );
  }
  list.push(recording);
}

/** Stores a decorator's recording for `method`. */
export function addRecording(method: AnyFunction, recording: Recording, where: string): void {
  const list = recordings.get(method) ?? [];
  appendRecording(list, recording, where);
  recordings.set(method, list);
}

/** The recordings on a method, or undefined when it has none. */
export function recordingsOf(method: AnyFunction): readonly Recording[] | undefined {
  return recordings.get(method);
}

/** Stores an explicit aspect order (outermost first). */
export function setOrder(method: AnyFunction, order: readonly string[]): void {
  orders.set(method, order);
}

/** The explicit order on a method, if any. */
export function orderOf(method: AnyFunction): readonly string[] | undefined {
  return orders.get(method);
}

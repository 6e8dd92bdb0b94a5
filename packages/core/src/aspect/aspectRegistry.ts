import type { Aspect } from './Aspect.js';

const aspectsByName = new Map<string, Aspect<unknown, unknown>>();

/** @internal remembers an aspect so named policies for it can be validated early. */
export function registerAspect(aspect: Aspect<unknown, unknown>): void {
  aspectsByName.set(aspect.name, aspect);
}

/** The aspect defined under `name`, if its module has been loaded. */
export function findAspect(name: string): Aspect<unknown, unknown> | undefined {
  return aspectsByName.get(name);
}

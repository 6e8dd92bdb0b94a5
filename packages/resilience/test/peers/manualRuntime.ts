import 'reflect-metadata';
import { afterEach, beforeEach } from '@jest/globals';
import { createRuntime, type Runtime, weave } from '@ballast/core';
import { ManualClock } from '@ballast/testing';
import { Container, type Newable } from 'inversify';

/** The runtime of the current test and the manual clock it runs on. */
export interface ManualRuntime {
  readonly clock: ManualClock;
  readonly runtime: Runtime;
  /** An instance of `type` from a real inversify container that weaves it on activation. */
  fromContainer<T extends object>(type: Newable<T>): T;
  /** A real inversify container binding `type` in `scope`, woven on activation. */
  weavingContainer(type: Newable<object>, scope?: 'singleton' | 'transient'): Container;
}

/** Gives each test of the file a fresh runtime on a ManualClock, disposed after it. */
export function manualRuntime(): ManualRuntime {
  let clock: ManualClock;
  let runtime: Runtime;
  beforeEach(() => {
    clock = new ManualClock(1_000);
    runtime = createRuntime({ clock });
  });
  afterEach(() => runtime.dispose());
  return {
    get clock() {
      return clock;
    },
    get runtime() {
      return runtime;
    },
    fromContainer<T extends object>(type: Newable<T>): T {
      return this.weavingContainer(type).get(type);
    },
    weavingContainer(type: Newable<object>, scope = 'singleton'): Container {
      const container = new Container();
      const binding = container.bind(type).toSelf();
      if (scope === 'singleton') binding.inSingletonScope();
      else binding.inTransientScope();
      container.onActivation(type, (_context, instance) => weave(instance, runtime));
      return container;
    },
  };
}

export type { Advice, AdviceTarget, Aspect, AspectSpec, AspectUse, Next } from './aspect/Aspect.js';
export { applyUses } from './aspect/applyUses.js';
export { AspectOrder } from './aspect/AspectOrder.js';
export { AspectPrecedence } from './aspect/AspectPrecedence.js';
export { Outcome, observe, rejectLater, type Settler } from './aspect/Outcome.js';
export { createDecorator } from './aspect/createDecorator.js';
export { defineAspect } from './aspect/defineAspect.js';
export type { AspectDecorator } from './aspect/methodDecorator.js';
export {
  type CallContext,
  type Cancellation,
  type UserContext,
  currentContext,
  currentDeadline,
  currentRequestId,
  currentSignal,
  currentUser,
  runInContext,
} from './context/callContext.js';
export { BallastError, type BallastErrorOptions, type ErrorKind } from './errors/BallastError.js';
export { errorCode } from './errors/errorCode.js';
export { errorKind } from './errors/errorKind.js';
export { readProperty } from './values/readProperty.js';
export {
  AspectOrderError,
  CancelledError,
  ConfigError,
  DecoratorTargetError,
  DuplicateAspectError,
  RuntimeDisposedError,
  SyncUnsupportedError,
  UnknownPolicyError,
} from './errors/kernelErrors.js';
export { type NumberRule, OptionsReader } from './options/OptionsReader.js';
export { type ComposedChain, compose, protect, type ProtectOptions } from './protect/protect.js';
export {
  type ModuleSpec,
  protectModule,
  type ProtectModuleOptions,
} from './protect/protectModule.js';
export type { ChainAspect, ChainInstrument } from './runtime/ChainInstrument.js';
export { type Clock, systemClock, type TimerHandle } from './runtime/Clock.js';
export { defaultRuntime } from './runtime/defaultRuntime.js';
export { type BallastEvents, EventBus, type EventListener } from './runtime/EventBus.js';
export { type PolicyConfig, PolicyStore } from './runtime/PolicyStore.js';
export {
  createRuntime,
  Runtime,
  type RuntimeConfig,
  type RuntimeOptions,
} from './runtime/Runtime.js';
export { isRuntime } from './runtime/isRuntime.js';
export { type ScheduledTask, Scheduler } from './runtime/Scheduler.js';
export { originalOf } from './weaving/createWrapper.js';
export { isThenable } from './weaving/detectAsync.js';
export { Invocation } from './weaving/Invocation.js';
export { MethodKind } from './weaving/MethodKind.js';
export { isWoven, runtimeOfInstance, weave } from './weaving/weave.js';

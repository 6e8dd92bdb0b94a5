import {
  ErrorCode,
  type EvaluationContext,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
} from '@openfeature/server-sdk';
import type { FlagValue } from '../definition/FlagDefinition.js';
import type { FlagStore } from '../store/FlagStore.js';

/**
 * An OpenFeature server provider over a ballast flag store, so code written against the
 * OpenFeature API evaluates ballast flags (same rules, bucketing, reasons and statistics). Flag
 * changes are announced as `PROVIDER_CONFIGURATION_CHANGED` events.
 *
 * @example
 * ```ts
 * await OpenFeature.setProviderAndWait(new BallastFlagProvider(flagsOf(runtime)));
 * const on = await OpenFeature.getClient().getBooleanValue('new-search', false, { targetingKey: 'u-42', region: 'eu' });
 * ```
 */
export class BallastFlagProvider implements Provider {
  readonly metadata = { name: 'ballast' } as const;
  readonly runsOn = 'server';
  readonly events = new OpenFeatureEventEmitter();
  readonly #store: FlagStore;
  readonly #unsubscribe: () => void;

  constructor(store: FlagStore) {
    this.#store = store;
    this.#unsubscribe = store.runtime.events.on('flags.changed', (change) => {
      this.events.emit(ProviderEvents.ConfigurationChanged, {
        flagsChanged: [...change.changed, ...change.removed],
      });
    });
  }

  resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<boolean>> {
    return Promise.resolve(this.#resolve(flagKey, defaultValue, context));
  }

  resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<string>> {
    return Promise.resolve(this.#resolve(flagKey, defaultValue, context));
  }

  resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<number>> {
    return Promise.resolve(this.#resolve(flagKey, defaultValue, context));
  }

  resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    return Promise.resolve(this.#resolve(flagKey, defaultValue, context));
  }

  /** Stops forwarding change events; called by OpenFeature when the provider is replaced or shut down. */
  onClose(): Promise<void> {
    this.#unsubscribe();
    return Promise.resolve();
  }

  #resolve<T>(flagKey: string, defaultValue: T, context: EvaluationContext): ResolutionDetails<T> {
    const result = this.#store.evaluate(
      flagKey,
      { key: context.targetingKey, attributes: context },
      defaultValue as FlagValue,
    );
    const details: ResolutionDetails<T> = { value: result.value as T, reason: result.reason };
    if (result.variant !== undefined) details.variant = result.variant;
    if (result.errorCode !== undefined) {
      details.errorCode = ErrorCode[result.errorCode];
      details.errorMessage = result.errorMessage ?? result.errorCode;
    }
    return details;
  }
}

import type { Client, EvaluationContext, EvaluationDetails } from '@openfeature/server-sdk';
import type { Runtime, ScheduledTask } from '@ballast/core';
import type { EvaluationReason } from '../evaluation/EvaluationReason.js';
import type { EvaluationResult } from '../evaluation/EvaluationResult.js';
import type { FlagContext } from '../evaluation/FlagContext.js';
import { DEFAULT_VARIANT_LABEL } from '../store/FlagStatistics.js';
import type { FlagStore } from '../store/FlagStore.js';
import { flagsOf } from '../store/flagsOf.js';
import type { RemoteFlagEvaluator } from '../store/RemoteFlagEvaluator.js';

/** Options of {@link useOpenFeature}. */
export interface OpenFeatureAdapterOptions {
  /** Longest wait for the provider before answering from the local snapshot (STALE). @default 1000 */
  readonly timeoutMs?: number;
}

const PASSED_THROUGH = new Set<string>([
  'STATIC',
  'TARGETING_MATCH',
  'SPLIT',
  'DISABLED',
  'DEFAULT',
  'STALE',
]);

/**
 * Evaluates flags through an OpenFeature client (flagd, Unleash, LaunchDarkly… providers), with
 * the local ballast snapshot as last-known-good: when the provider errs, is not ready or is
 * slower than `timeoutMs`, the local value is returned with reason STALE (or the code default
 * with ERROR if the flag is not local either). Never rejects.
 */
export class OpenFeatureFlagEvaluator implements RemoteFlagEvaluator {
  readonly #client: Client;
  readonly #store: FlagStore;
  readonly #runtime: Runtime;
  readonly #timeoutMs: number;
  /** Evaluations answered locally because the provider failed or timed out. */
  fallbacks = 0;

  constructor(client: Client, store: FlagStore, options: OpenFeatureAdapterOptions = {}) {
    this.#client = client;
    this.#store = store;
    this.#runtime = store.runtime;
    this.#timeoutMs = options.timeoutMs ?? 1000;
  }

  /** Boolean evaluation through the provider, falling back to the snapshot. */
  async evaluateBoolean(
    key: string,
    context: FlagContext | undefined,
    defaultValue: boolean,
  ): Promise<EvaluationResult<boolean>> {
    const details = await this.#remote(key, context, defaultValue);
    if (details !== undefined && details.errorCode === undefined && details.reason !== 'ERROR') {
      const reason = (
        PASSED_THROUGH.has(details.reason ?? '') ? details.reason : 'DEFAULT'
      ) as EvaluationReason;
      this.#store.statistics.cell(key, details.variant ?? DEFAULT_VARIANT_LABEL, reason).count++;
      return { value: details.value, variant: details.variant, reason };
    }
    this.fallbacks++;
    return this.#lastKnownGood(
      key,
      context,
      defaultValue,
      details?.errorMessage ?? 'the provider did not answer in time',
    );
  }

  async #remote(
    key: string,
    context: FlagContext | undefined,
    defaultValue: boolean,
  ): Promise<EvaluationDetails<boolean> | undefined> {
    const evaluationContext = {
      ...context?.attributes,
      targetingKey: context?.key,
    } as EvaluationContext;
    let timer: ScheduledTask | undefined;
    try {
      const timeout = new Promise<undefined>((resolve) => {
        // The caller awaits this timeout: it keeps the process alive, as setTimeout would.
        timer = this.#runtime.scheduler.schedule(this.#timeoutMs, () => resolve(undefined), true);
      });
      return await Promise.race([
        this.#client.getBooleanDetails(key, defaultValue, evaluationContext),
        timeout,
      ]);
    } catch {
      return undefined;
    } finally {
      timer?.cancel();
    }
  }

  #lastKnownGood(
    key: string,
    context: FlagContext | undefined,
    defaultValue: boolean,
    why: string,
  ): EvaluationResult<boolean> {
    try {
      const outcome = this.#store.snapshot.compiled.get(key)?.decide(context);
      if (outcome !== undefined && typeof outcome.result.value === 'boolean') {
        this.#store.statistics.cell(key, outcome.result.variant!, 'STALE').count++;
        return {
          value: outcome.result.value,
          variant: outcome.result.variant,
          reason: 'STALE',
          errorMessage: why,
        };
      }
    } catch {
      // fall through to the code default
    }
    this.#store.countError(key);
    return {
      value: defaultValue,
      variant: undefined,
      reason: 'ERROR',
      errorCode: 'GENERAL',
      errorMessage: why,
    };
  }
}

/**
 * Makes async methods under `@FeatureFlag` on this runtime evaluate through an OpenFeature
 * client, keeping the runtime's local flags as last-known-good. Synchronous methods keep
 * evaluating locally (a remote answer cannot be awaited by a sync method).
 *
 * @example
 * ```ts
 * await OpenFeature.setProviderAndWait(new FlagdProvider());
 * watchFlagFile(flagsOf(runtime), './flags.json'); // last-known-good
 * useOpenFeature(runtime, OpenFeature.getClient(), { timeoutMs: 200 });
 * ```
 */
export function useOpenFeature(
  runtime: Runtime,
  client: Client,
  options: OpenFeatureAdapterOptions = {},
): OpenFeatureFlagEvaluator {
  const store = flagsOf(runtime);
  const evaluator = new OpenFeatureFlagEvaluator(client, store, options);
  store.remote = evaluator;
  return evaluator;
}

import { FlagDefinitionError } from '../errors/FlagDefinitionError.js';
import type { FlagsChangedEvent } from '../store/flagEvents.js';
import type { FlagStore } from '../store/FlagStore.js';
import type { FlagLogger } from './FlagLogger.js';

/**
 * @internal applies what a source `read` as its layer of `store`. A document `read` cannot
 * produce (it throws a {@link FlagDefinitionError}) is rejected like an invalid one: counted,
 * `flags.rejected` emitted, a log line naming `label`; the snapshot in use stays.
 * @returns the change, or undefined when rejected.
 */
export function applySourceDocument(
  store: FlagStore,
  source: string,
  label: string,
  logger: FlagLogger,
  read: () => unknown,
): FlagsChangedEvent | undefined {
  let document: unknown;
  try {
    document = read();
  } catch (error) {
    if (!FlagDefinitionError.is(error)) throw error;
    // The store never saw this change, so it is counted here; load() counts its own rejections.
    store.reject(source, error);
    return rejected(store, label, logger, error);
  }
  try {
    return store.load(document, { source });
  } catch (error) {
    if (!FlagDefinitionError.is(error)) throw error;
    return rejected(store, label, logger, error);
  }
}

function rejected(
  store: FlagStore,
  label: string,
  logger: FlagLogger,
  error: FlagDefinitionError,
): undefined {
  logger.warn(
    `[ballast/flags] rejected ${label} (${error.code}): ${error.message}. Keeping snapshot version ${store.snapshot.version}.`,
  );
  return undefined;
}

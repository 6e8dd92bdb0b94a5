/**
 * Asks a user's predicate about a call's result (`retryOnResult`, `failOnResult`, Fallback's
 * `onResult`): true only when it answers `true`, false without a predicate. A predicate that
 * throws has a bug; `whenThrows` is the reading that is safe for the asking aspect (a breaker
 * still settles its permit as a failure; a retry or a fallback keeps the result).
 */
export function resultMatches(
  predicate: ((result: unknown) => boolean) | undefined,
  result: unknown,
  whenThrows: boolean,
): boolean {
  if (predicate === undefined) return false;
  try {
    return predicate(result) === true;
  } catch {
    return whenThrows;
  }
}

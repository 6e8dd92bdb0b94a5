/**
 * Who a flag is evaluated for: the targeting `key` (user id) and attributes (region, platform,
 * appVersion, firstSeen, …). The call context's user (`currentUser()`) has this shape, so it can
 * be passed as is.
 */
export interface FlagContext {
  readonly key?: string | undefined;
  readonly attributes?: Readonly<Record<string, unknown>> | undefined;
}

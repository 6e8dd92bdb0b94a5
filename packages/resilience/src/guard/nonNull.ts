import type { StandardSchemaV1 } from '@standard-schema/spec';

/**
 * A Standard Schema that accepts any value but `null` and `undefined`: the `nonNull` shorthand
 * of `@Guard`, usable in an `args` list next to zod, valibot or ArkType schemas.
 *
 * @example
 * ```ts
 * @Guard({ args: [nonNull, z.string().email()], result: nonNull })
 * async invite(team: Team, email: string): Promise<Invitation> { … }
 * ```
 */
export const nonNull: StandardSchemaV1<unknown, NonNullable<unknown>> = Object.freeze({
  '~standard': Object.freeze({
    version: 1 as const,
    vendor: 'ballast',
    validate: (value: unknown): StandardSchemaV1.Result<NonNullable<unknown>> =>
      value === null || value === undefined
        ? { issues: [{ message: `expected a value, got ${String(value)}` }] }
        : { value },
  }),
});

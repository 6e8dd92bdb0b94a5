import type { ConditionOperator } from '../definition/FlagDefinition.js';
import { compareSemver, parseSemver, type Semver } from '../semver/Semver.js';
import type { Operator } from './Operator.js';

const CACHE_LIMIT = 1024;
const parsed = new Map<string, Semver | null>();

// App versions have few distinct values, so parsing each once keeps evaluations regex-free.
function cachedSemver(text: string): Semver | null {
  let version = parsed.get(text);
  if (version === undefined) {
    if (parsed.size >= CACHE_LIMIT) parsed.clear();
    version = parseSemver(text) ?? null;
    parsed.set(text, version);
  }
  return version;
}

function semverComparison(name: ConditionOperator, test: (order: number) => boolean): Operator {
  return {
    name,
    arity: 'value',
    compile(input) {
      const operand = typeof input.operand === 'string' ? parseSemver(input.operand) : undefined;
      if (operand === undefined)
        return input.invalid('must be a semantic version like "5.2.0" or "5.2.0-beta.1"');
      return (value) => {
        if (typeof value !== 'string') return false;
        const version = cachedSemver(value);
        return version !== null && test(compareSemver(version, operand));
      };
    },
  };
}

/** `semverEq`: the version attribute equals `value` by SemVer precedence. */
export const semverEqOperator = semverComparison('semverEq', (order) => order === 0);
/** `semverGt`: the version attribute is newer than `value`. */
export const semverGtOperator = semverComparison('semverGt', (order) => order > 0);
/** `semverGte`: the version attribute is `value` or newer. */
export const semverGteOperator = semverComparison('semverGte', (order) => order >= 0);
/** `semverLt`: the version attribute is older than `value`. */
export const semverLtOperator = semverComparison('semverLt', (order) => order < 0);
/** `semverLte`: the version attribute is `value` or older. */
export const semverLteOperator = semverComparison('semverLte', (order) => order <= 0);

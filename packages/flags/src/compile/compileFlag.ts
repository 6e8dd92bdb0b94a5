import type { FlagDefinition } from '../definition/FlagDefinition.js';
import type { FlagStatistics } from '../store/FlagStatistics.js';
import { compileCondition, type ContextPredicate } from './compileCondition.js';
import { compileServe } from './compileServe.js';
import type { Decide } from './Outcome.js';
import { OutcomeTable } from './OutcomeTable.js';

/** @internal a flag ready to evaluate: its validated definition and its decision function. */
export interface CompiledFlag {
  readonly key: string;
  readonly definition: FlagDefinition;
  readonly decide: Decide;
}

interface CompiledRule {
  readonly conditions: readonly ContextPredicate[];
  readonly decide: Decide;
}

function matches(conditions: readonly ContextPredicate[], context: Parameters<Decide>[0]): boolean {
  for (let index = 0; index < conditions.length; index++)
    if (!conditions[index]!(context)) return false;
  return true;
}

/**
 * @internal compiles a validated definition: kill switch → deny → allow → rules → fallthrough.
 * Everything that can be prepared (sets, regexes, dates, versions, frozen results) is prepared
 * here, so a decision allocates nothing.
 */
export function compileFlag(
  key: string,
  definition: FlagDefinition,
  statistics: FlagStatistics,
  now: () => number,
): CompiledFlag {
  const table = new OutcomeTable(key, definition, statistics);
  const offVariant = definition.offVariant!;
  const rules: CompiledRule[] = (definition.rules ?? []).map((rule, index) => ({
    conditions: rule.conditions.map((condition, position) =>
      compileCondition(key, `rules[${index}].conditions[${position}]`, condition, now),
    ),
    decide: compileServe(rule.serve, table, 'TARGETING_MATCH'),
  }));
  if (!definition.enabled) {
    const disabled = table.get(offVariant, 'DISABLED');
    return { key, definition, decide: () => disabled };
  }
  const deny =
    definition.deny === undefined || definition.deny.length === 0
      ? undefined
      : new Set(definition.deny);
  const allow =
    definition.allow === undefined || definition.allow.length === 0
      ? undefined
      : new Set(definition.allow);
  const targeted = deny !== undefined || allow !== undefined || rules.length > 0;
  const fallthrough = compileServe(definition.fallthrough!, table, targeted ? 'DEFAULT' : 'STATIC');
  const denied = table.get(offVariant, 'TARGETING_MATCH');
  const allowed = table.get(definition.onVariant!, 'TARGETING_MATCH');
  const ruleCount = rules.length;
  const decide: Decide = (context) => {
    const userKey = context?.key;
    if (userKey !== undefined) {
      if (deny !== undefined && deny.has(userKey)) return denied;
      if (allow !== undefined && allow.has(userKey)) return allowed;
    }
    for (let index = 0; index < ruleCount; index++) {
      const rule = rules[index]!;
      if (matches(rule.conditions, context)) return rule.decide(context);
    }
    return fallthrough(context);
  };
  return { key, definition, decide };
}

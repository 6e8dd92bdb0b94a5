import type { ServeDefinition } from '../definition/FlagDefinition.js';
import type { EvaluationReason } from '../evaluation/EvaluationReason.js';
import type { FlagContext } from '../evaluation/FlagContext.js';
import { VARIANT_SEED } from '../hash/bucketOf.js';
import { prefixedMurmur3 } from '../hash/prefixedMurmur3.js';
import type { Decide } from './Outcome.js';
import type { OutcomeTable } from './OutcomeTable.js';

/** @internal reads the value bucketed on: the targeting key or an attribute (numbers count as text). */
function stickinessReader(
  stickiness: string | undefined,
): (context: FlagContext | undefined) => string | undefined {
  if (stickiness === undefined || stickiness === 'key') {
    return (context) => {
      const key = context?.key;
      return typeof key === 'string' && key !== '' ? key : undefined;
    };
  }
  return (context) => {
    const value = context?.attributes?.[stickiness];
    if (typeof value === 'string') return value === '' ? undefined : value;
    return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
  };
}

/**
 * @internal compiles a serve clause. A fixed variant is one constant outcome with `fixedReason`;
 * rollouts and splits hash `groupId:key` exactly like Unleash and report SPLIT, or DEFAULT when
 * the context has nothing to bucket on.
 */
export function compileServe(
  serve: ServeDefinition,
  table: OutcomeTable,
  fixedReason: EvaluationReason,
): Decide {
  const offVariant = table.definition.offVariant!;
  if (serve.rollout !== undefined) {
    const {
      percentage,
      variant = table.definition.onVariant!,
      otherwise = offVariant,
    } = serve.rollout;
    const hash = prefixedMurmur3(`${serve.rollout.groupId ?? table.flag}:`);
    const readKey = stickinessReader(serve.rollout.stickiness);
    const inside = table.get(variant, 'SPLIT');
    const outside = table.get(otherwise, 'SPLIT');
    const keyless = table.get(otherwise, 'DEFAULT');
    return (context) => {
      const key = readKey(context);
      if (key === undefined) return keyless;
      return (hash(key) % 100) + 1 <= percentage ? inside : outside;
    };
  }
  if (serve.split !== undefined) {
    const hash = prefixedMurmur3(`${serve.split.groupId ?? table.flag}:`, VARIANT_SEED);
    const readKey = stickinessReader(serve.split.stickiness);
    const outcomes = serve.split.variants.map((entry) => table.get(entry.variant, 'SPLIT'));
    const bounds: number[] = [];
    let total = 0;
    for (const entry of serve.split.variants) bounds.push((total += entry.weight));
    const keyless = table.get(offVariant, 'DEFAULT');
    const last = outcomes.length - 1;
    return (context) => {
      const key = readKey(context);
      if (key === undefined) return keyless;
      const bucket = (hash(key) % total) + 1;
      let index = 0;
      while (index < last && bucket > bounds[index]!) index++;
      return outcomes[index]!;
    };
  }
  const fixed = table.get(serve.variant!, fixedReason);
  return () => fixed;
}

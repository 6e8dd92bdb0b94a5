import Type from 'typebox';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Characters as a reader counts them: grapheme clusters (an emoji with its modifiers is one). */
export function graphemeCount(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

/**
 * A string of at most `max` characters as users count them (grapheme clusters, so 200 emoji
 * fit a 200-character title). The JSON Schema keeps a bound in UTF-16 units, ten per
 * character, so a validator that cannot count graphemes still refuses huge strings.
 */
export function Graphemes(
  max: number,
  options: { readonly minLength?: number; readonly pattern?: string } = {},
) {
  return Type.Refine(
    Type.String({
      ...options,
      maxLength: max * 10,
      description: `${options.minLength ?? 0}-${max} characters (grapheme clusters)${options.pattern === undefined ? '' : ', not all blank'}`,
    }),
    (value) => graphemeCount(value) <= max,
    () => `must have at most ${max} characters`,
  );
}

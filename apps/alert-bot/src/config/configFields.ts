import Type from 'typebox';

/** A day in milliseconds: the ceiling of most durations in the config. */
export const DAY_MS = 86_400_000;

/** Whole milliseconds from `min` to `max`. */
export const ms = (min: number, max: number) => Type.Integer({ minimum: min, maximum: max });

/** Names of channels and inspection targets: they appear in logs, SQL rows, metric labels and breaker keys. */
export const Name = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$',
  description: '1-64 letters, digits, "_", "." or "-", starting with a letter or digit',
});

/** An absolute `http://` or `https://` URL. */
export const HttpUrl = Type.Refine(
  Type.String({ description: 'an absolute http:// or https:// URL' }),
  (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
  () => 'must be an absolute http:// or https:// URL',
);

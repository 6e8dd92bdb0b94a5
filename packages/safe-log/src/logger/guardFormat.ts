import type { Logform } from 'winston';
import type { LogCounters } from './LogStatistics.js';

const MESSAGE = Symbol.for('message');

/**
 * Wraps a winston format so it can never throw into winston's stream (and from there into the
 * caller): a failing transform is counted and the line goes on in a plain form the sink can
 * still serialise.
 */
export function guardFormat(inner: Logform.Format, counters: LogCounters): Logform.Format {
  return {
    options: inner.options,
    transform(info, options) {
      try {
        return inner.transform(info, options ?? inner.options);
      } catch (error) {
        counters.formatErrors++;
        const plain = info as Logform.TransformableInfo & {
          [MESSAGE]?: unknown;
          formatError?: string;
        };
        plain.formatError = error instanceof Error ? error.message.slice(0, 200) : 'format threw';
        delete plain[MESSAGE];
        return plain;
      }
    },
  } as Logform.Format;
}

import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ContractIssue } from './ContractViolationError.js';

/** Shortest raw (unquoted) echo that is redacted: shorter strings collide with message words. */
const MIN_RAW_ECHO = 4;

function pathOf(issue: StandardSchemaV1.Issue): (string | number)[] {
  return (issue.path ?? []).map((segment) => {
    const key = typeof segment === 'object' ? segment.key : segment;
    return typeof key === 'symbol' ? key.toString() : key;
  });
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/**
 * The issues of a failed check, safe to put in an error, a log line or an event: validators
 * echo the input in their messages ("Received \"hunter2\""), so a string found at an issue's path
 * is replaced by its length wherever the message quotes it (and, from 4 characters on, where it
 * appears bare).
 */
export function contractIssues(
  value: unknown,
  issues: readonly StandardSchemaV1.Issue[],
): ContractIssue[] {
  return issues.map((issue) => {
    const path = pathOf(issue);
    let message = String(issue.message);
    const found = valueAt(value, path);
    if (typeof found === 'string' && found.length > 0) {
      const hidden = `<${found.length} characters>`;
      message = message.replaceAll(JSON.stringify(found), hidden);
      if (found.length >= MIN_RAW_ECHO) message = message.replaceAll(found, hidden);
    }
    return { message, path };
  });
}

import { InvalidDocumentError } from '../errors/storeErrors.js';
import { checkObject } from './argumentChecks.js';
import type { DocumentQuery, QueryOperator } from './Document.js';

const OPERATORS: Readonly<Record<QueryOperator, string>> = {
  '=': 'IS',
  '!=': 'IS NOT',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  like: 'LIKE',
};

const JSON_PATH = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[(?:\d+|#-\d+)\])*$/;

/** A JSON-path condition: the path, operator and value of a query. */
export type JsonCondition = Pick<DocumentQuery, 'path' | 'op' | 'value'>;

/**
 * The SQL condition `json_extract(body, ?) <op> ?` of a query, from a fixed set of texts so each
 * is prepared once per handle. Throws {@link InvalidDocumentError} for a bad path, operator or value.
 */
export function jsonCondition(condition: JsonCondition): string {
  checkObject('A query', condition);
  if (typeof condition.path !== 'string' || !JSON_PATH.test(condition.path)) {
    throw new InvalidDocumentError(
      `Query path ${JSON.stringify(condition.path)} is not allowed: use $.field, $.a.b or $.list[0].`,
    );
  }
  const key = condition.op ?? '=';
  if (!Object.hasOwn(OPERATORS, key)) {
    throw new InvalidDocumentError(
      `Query operator ${JSON.stringify(condition.op)} is not one of ${Object.keys(OPERATORS).join(', ')}.`,
    );
  }
  const op = OPERATORS[key];
  const value = condition.value;
  if (
    value !== null &&
    typeof value !== 'string' &&
    typeof value !== 'number' &&
    typeof value !== 'boolean'
  ) {
    throw new InvalidDocumentError('A query value must be a string, number, boolean or null.');
  }
  return `json_extract(body, ?) ${op} ?`;
}

/** The SQLite binding of a query value (SQLite has no booleans). */
export function queryValue(value: JsonCondition['value']): string | number | null {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

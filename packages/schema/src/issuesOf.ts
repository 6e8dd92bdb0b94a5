import type { ValidationIssue } from './ValidationIssue.js';

/** A validation error as TypeBox and Ajv both report it. */
export interface SchemaError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string | undefined;
}

type SchemaNode = Readonly<Record<string, unknown>> | undefined;

const ARTICLE: Readonly<Record<string, string>> = {
  integer: 'an integer',
  array: 'an array',
  object: 'an object',
};

/** `/channels/0/secret` → `channels[0].secret`. */
export function fieldOf(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1);
  if (extra !== undefined) parts.push(extra);
  return parts
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, part) => {
      if (/^\d+$/.test(part)) return `${path}[${part}]`;
      return path === '' ? part : `${path}.${part}`;
    }, '');
}

function nodeAt(root: unknown, schemaPath: string): SchemaNode {
  let node: unknown = root;
  for (const part of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return typeof node === 'object' && node !== null ? (node as SchemaNode) : undefined;
}

function list(values: unknown): string {
  return (values as unknown[]).map((value) => JSON.stringify(value)).join(', ');
}

function detailOf(error: SchemaError, node: SchemaNode): string {
  const p = error.params;
  switch (error.keyword) {
    case 'type': {
      const type = String(p['type']);
      return `must be ${ARTICLE[type] ?? `a ${type}`}`;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(p['comparison'])} ${String(p['limit'])}`;
    case 'minLength':
      return `must have at least ${String(p['limit'])} characters`;
    case 'maxLength':
      return `must have at most ${String(p['limit'])} characters`;
    case 'minItems':
      return `must have at least ${String(p['limit'])} items`;
    case 'maxItems':
      return `must have at most ${String(p['limit'])} items`;
    case 'minProperties':
    case 'maxProperties':
      // An object's own description says it best ("exactly one of …"); else the count.
      if (typeof node?.['description'] === 'string') return `must be ${node['description']}`;
      return `must have ${error.keyword === 'minProperties' ? 'at least' : 'at most'} ${String(p['limit'])} entries`;
    case 'enum':
      return `must be one of ${list(p['allowedValues'])}`;
    case 'const':
      return `must be ${JSON.stringify(p['allowedValue'])}`;
    case 'pattern':
    case 'format':
    case 'anyOf':
    case 'oneOf':
      return `must be ${typeof node?.['description'] === 'string' ? node['description'] : `as the schema allows (${error.keyword})`}`;
    default:
      return error.message ?? `fails "${error.keyword}"`;
  }
}

/**
 * Turns schema errors into issues that name the field and say what is allowed, without ever
 * repeating the value given (it may be a secret). `schema` (the one validated against) lends
 * the `description` of a pattern or a union, and the known names for an unknown field.
 *
 * @example
 * ```ts
 * issuesOf(Compile(schema).Errors(value), schema); // [{ field: 'port', detail: 'must be <= 65535' }]
 * ```
 */
export function issuesOf(errors: Iterable<SchemaError>, schema?: unknown): ValidationIssue[] {
  const all = [...errors];
  const unions = all
    .filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf')
    .map((error) => `${error.schemaPath}/${error.keyword}/`);
  const issues: ValidationIssue[] = [];
  for (const error of all) {
    // A union speaks for its branches; "schema is false" repeats additionalProperties.
    if (unions.some((prefix) => error.schemaPath.startsWith(prefix))) continue;
    if (error.keyword === 'boolean') continue;
    const node = nodeAt(schema, error.schemaPath);
    if (error.keyword === 'required') {
      const missing = (error.params['requiredProperties'] ?? [
        error.params['missingProperty'],
      ]) as unknown[];
      for (const name of missing)
        issues.push({ field: fieldOf(error.instancePath, String(name)), detail: 'is required' });
    } else if (error.keyword === 'additionalProperties') {
      const extra = (error.params['additionalProperties'] ?? [
        error.params['additionalProperty'],
      ]) as unknown[];
      const known = Object.keys((node?.['properties'] as object | undefined) ?? {});
      const allowed = known.length === 0 ? '' : ` (allowed: ${known.join(', ')})`;
      for (const name of extra)
        issues.push({
          field: fieldOf(error.instancePath, String(name)),
          detail: `is not a known field${allowed}`,
        });
    } else {
      issues.push({ field: fieldOf(error.instancePath), detail: detailOf(error, node) });
    }
  }
  return issues;
}

/** `port must be <= 65535; colour is not a known field` (at most `max` issues). */
export function describeIssues(issues: readonly ValidationIssue[], max = 5): string {
  const shown = issues
    .slice(0, max)
    .map((issue) => `${issue.field === '' ? 'the value' : `"${issue.field}"`} ${issue.detail}`);
  const more = issues.length > max ? `; and ${issues.length - max} more` : '';
  return `${shown.join('; ')}${more}`;
}

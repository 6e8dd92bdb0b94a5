import { InvalidDocumentError } from '../errors/storeErrors.js';

/**
 * Deepest nesting of arrays and objects SQLite's JSON functions read (its JSON_MAX_DEPTH): a body
 * nested deeper is "malformed JSON" to every `json_extract`, so it would break each query and
 * expression index over its collection.
 */
export const MAX_JSON_DEPTH = 1000;

// A string (skipped whole, brackets in it are text) or a bracket. A regular expression scans a
// long text several times faster than a loop over its characters.
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|[[{\]}]/g;

/** True when the JSON text nests arrays and objects deeper than {@link MAX_JSON_DEPTH}. */
function tooDeep(json: string): boolean {
  // Each level takes two brackets: shorter texts cannot be too deep, and most bodies are shorter.
  if (json.length <= 2 * MAX_JSON_DEPTH) return false;
  let depth = 0;
  TOKEN.lastIndex = 0;
  for (let token = TOKEN.exec(json); token !== null; token = TOKEN.exec(json)) {
    const first = token[0];
    if (first === '[' || first === '{') {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (first === ']' || first === '}') depth--;
  }
  return false;
}

/**
 * The JSON text of a document or entry body. Throws {@link InvalidDocumentError} when the body has
 * none: `undefined`, a function or a symbol, and what `JSON.stringify` throws on (a BigInt, a
 * cycle, a `toJSON` that throws, nesting deeper than the stack); or when it nests deeper than
 * SQLite reads ({@link MAX_JSON_DEPTH}). The error of `JSON.stringify` is kept as the cause,
 * never put in the message: it names the body's keys.
 */
export function bodyJson(body: unknown, what: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(body);
  } catch (error) {
    throw new InvalidDocumentError(
      `${what} must be JSON-serialisable: plain data without BigInt values or cycles.`,
      { cause: error },
    );
  }
  if (typeof json !== 'string')
    throw new InvalidDocumentError(`${what} must be JSON-serialisable.`);
  if (tooDeep(json)) {
    throw new InvalidDocumentError(
      `${what} may nest arrays and objects at most ${MAX_JSON_DEPTH} levels deep.`,
    );
  }
  return json;
}

import { InvalidDocumentError } from '../errors/storeErrors.js';

/**
 * The JSON text of a document or entry body. Throws {@link InvalidDocumentError} when the body has
 * none: `undefined`, a function or a symbol, and what `JSON.stringify` throws on (a BigInt, a
 * cycle, a `toJSON` that throws, nesting deeper than the stack). Its error is kept as the cause,
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
  return json;
}

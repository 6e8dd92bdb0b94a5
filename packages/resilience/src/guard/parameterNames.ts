const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const ARROW_WITHOUT_PARENS = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/;
const OPENERS = '([{';
const CLOSERS = ')]}';

/** The index just past the string literal starting at `start` (its quote). */
function skipString(source: string, start: number): number {
  const quote = source[start];
  let index = start + 1;
  while (index < source.length && source[index] !== quote) index += source[index] === '\\' ? 2 : 1;
  return index + 1;
}

/** The text between the parameter list's parentheses, or undefined when it cannot be found. */
function parameterList(source: string): string | undefined {
  const open = source.indexOf('(');
  if (open < 0) return undefined;
  let depth = 0;
  for (let index = open; index < source.length;) {
    const char = source[index]!;
    if (char === '"' || char === "'" || char === '`') {
      index = skipString(source, index);
      continue;
    }
    if (OPENERS.includes(char)) depth++;
    else if (CLOSERS.includes(char) && --depth === 0) return source.slice(open + 1, index);
    index++;
  }
  return undefined;
}

/** Splits at the commas that are not nested in brackets or strings. */
function topLevelParts(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < list.length;) {
    const char = list[index]!;
    if (char === '"' || char === "'" || char === '`') {
      index = skipString(list, index);
      continue;
    }
    if (OPENERS.includes(char)) depth++;
    else if (CLOSERS.includes(char)) depth--;
    else if (char === ',' && depth === 0) {
      parts.push(list.slice(start, index));
      start = index + 1;
    }
    index++;
  }
  parts.push(list.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

/**
 * The parameter names of a function, read from its source once (at weave time) for messages:
 * `undefined` for a destructured parameter; an empty list when the source does not tell
 * (native or bound functions, or a parse this reader cannot follow). Names only ever label
 * messages; nothing depends on them being found.
 */
export function parameterNames(fn: (...args: never[]) => unknown): readonly (string | undefined)[] {
  let source: string;
  try {
    source = Function.prototype.toString.call(fn);
  } catch {
    return [];
  }
  source = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  const arrow = ARROW_WITHOUT_PARENS.exec(source.trim());
  if (arrow !== null) return [arrow[1]];
  const list = parameterList(source);
  if (list === undefined) return [];
  return topLevelParts(list).map((part) => {
    const name = part
      .replace(/^\.\.\./, '')
      .split('=')[0]!
      .trim();
    return IDENTIFIER.test(name) ? name : undefined;
  });
}

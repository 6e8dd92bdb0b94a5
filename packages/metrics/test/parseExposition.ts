/** One sample line of the Prometheus text format. */
export interface ParsedSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** One metric family: its `# TYPE`, `# HELP` and the sample lines that follow them. */
export interface ParsedFamily {
  readonly name: string;
  type: string | undefined;
  help: string | undefined;
  readonly samples: ParsedSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

function parseValue(text: string, line: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN' || text === 'Nan') return Number.NaN; // prom-client writes `Nan`
  const value = Number(text);
  if (text.length === 0 || Number.isNaN(value)) throw new Error(`bad value in line: ${line}`);
  return value;
}

/** Reads `{a="x",b="y\"z"}` from `text` at `start`; returns the labels and the index after `}`. */
function parseLabels(text: string, start: number, line: string): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let i = start + 1;
  while (text[i] !== '}') {
    const name = NAME.exec(text.slice(i))?.[0];
    if (name === undefined || text[i + name.length] !== '=' || text[i + name.length + 1] !== '"') {
      throw new Error(`bad label in line: ${line}`);
    }
    i += name.length + 2;
    let value = '';
    while (text[i] !== '"') {
      if (i >= text.length) throw new Error(`unterminated label value in line: ${line}`);
      if (text[i] === '\\') {
        const escaped = text[i + 1];
        value += escaped === 'n' ? '\n' : escaped;
        i += 2;
      } else {
        value += text[i];
        i++;
      }
    }
    if (name in labels) throw new Error(`duplicate label ${name} in line: ${line}`);
    labels[name] = value;
    i++;
    if (text[i] === ',') i++;
  }
  return [labels, i + 1];
}

/**
 * A strict parser of the Prometheus text exposition format (0.0.4) for tests: every line must be
 * a `# HELP`, a `# TYPE` or a sample, and samples are grouped under the family whose `# TYPE`
 * came last (histogram `_bucket`/`_sum`/`_count` lines included).
 */
export function parseExposition(text: string): Map<string, ParsedFamily> {
  const families = new Map<string, ParsedFamily>();
  let current: ParsedFamily | undefined;
  const familyNamed = (name: string): ParsedFamily => {
    let family = families.get(name);
    if (family === undefined) {
      family = { name, type: undefined, help: undefined, samples: [] };
      families.set(name, family);
    }
    return family;
  };
  for (const line of text.split('\n')) {
    if (line.trim().length === 0) continue;
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (comment !== null) {
      current = familyNamed(comment[2]!);
      if (comment[1] === 'HELP') current.help = comment[3]!;
      else current.type = comment[3]!;
      continue;
    }
    if (line.startsWith('#')) throw new Error(`unexpected comment: ${line}`);
    const name = NAME.exec(line)?.[0];
    if (name === undefined) throw new Error(`bad sample line: ${line}`);
    let rest = name.length;
    let labels: Record<string, string> = {};
    if (line[rest] === '{') [labels, rest] = parseLabels(line, rest, line);
    if (line[rest] !== ' ') throw new Error(`missing value in line: ${line}`);
    const value = parseValue(line.slice(rest + 1).trim(), line);
    if (current === undefined || !name.startsWith(current.name)) {
      throw new Error(`sample ${name} outside its family: ${line}`);
    }
    current.samples.push({ name, labels, value });
  }
  return families;
}

/**
 * The value of the sample `name` whose labels are exactly `labels`; undefined when absent.
 * Throws when several samples match (a duplicated series is a bug in the exporter).
 */
export function sampleValue(
  families: ReadonlyMap<string, ParsedFamily>,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  const wanted = Object.entries(labels);
  const matches: ParsedSample[] = [];
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name !== name) continue;
      const keys = Object.keys(sample.labels);
      if (keys.length === wanted.length && wanted.every(([k, v]) => sample.labels[k] === v))
        matches.push(sample);
    }
  }
  if (matches.length > 1)
    throw new Error(`${matches.length} samples of ${name} with labels ${JSON.stringify(labels)}`);
  return matches[0]?.value;
}

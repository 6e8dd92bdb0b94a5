import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePackage } from './workspacePackages.js';

/** A runnable example taken from a Markdown file. */
export interface Example {
  /** File-safe name (`readme`, `core`, `getting-started`; `resilience-9` for a later block). */
  readonly name: string;
  /** The Markdown file, relative to the repository root. */
  readonly markdown: string;
  /** Where the block starts, for messages (`packages/core/README.md:9`). */
  readonly where: string;
  readonly source: string;
  /** What it must print: the `text` block that follows it, or nothing. */
  readonly expectedOutput: string;
  /** Uses inversify (or reflect-metadata), so it needs `experimentalDecorators`. */
  readonly legacyDecoratorsOnly: boolean;
  /** Reads `REDIS_URL`: it runs against a real redis-server. */
  readonly needsRedis: boolean;
}

/** A ```ts block of a Markdown file and the output it is documented to print. */
export interface MarkdownExample {
  /** 1 for the file's first ```ts block, 2 for the second… */
  readonly ordinal: number;
  /** 1-based line of its opening fence. */
  readonly line: number;
  readonly source: string;
  readonly expectedOutput: string;
}

const FENCE = /^```\s*$/;
const TS_FENCE = /^```(ts|typescript)\s*$/;
const TEXT_FENCE = /^```text\s*$/;
const ANY_FENCE = /^```/;
const HEADING = /^#{1,6}\s/;

function blockFrom(lines: readonly string[], start: number): { body: string; end: number } {
  let end = start + 1;
  while (end < lines.length && !FENCE.test(lines[end]!)) end++;
  if (end === lines.length) throw new Error(`unclosed code block at line ${start + 1}`);
  return { body: lines.slice(start + 1, end).join('\n'), end };
}

/** The ```text block after the ts block ending at `end`, before any other code block or heading. */
function outputAfter(lines: readonly string[], end: number): string | undefined {
  for (let index = end + 1; index < lines.length; index++) {
    const line = lines[index]!;
    if (HEADING.test(line)) return undefined;
    if (TEXT_FENCE.test(line)) return blockFrom(lines, index).body;
    if (ANY_FENCE.test(line)) return undefined;
  }
  return undefined;
}

/**
 * The complete programs of `markdown`: its first ```ts block (with the ```text block that follows
 * it before any other code block or heading as its output; none: it must print nothing), and
 * every later ```ts block that has such an output block. Blocks without one are fragments
 * (`@Retry(…)` lines, a call on an undeclared `runtime`) and are left out.
 */
export function markdownExamples(markdown: string, where: string): MarkdownExample[] {
  const lines = markdown.split('\n');
  const examples: MarkdownExample[] = [];
  let ordinal = 0;
  for (let start = 0; start < lines.length; start++) {
    if (!TS_FENCE.test(lines[start]!)) continue;
    ordinal++;
    const block = blockFrom(lines, start);
    const expectedOutput = outputAfter(lines, block.end);
    if (ordinal === 1 || expectedOutput !== undefined)
      examples.push({
        ordinal,
        line: start + 1,
        source: block.body,
        expectedOutput: expectedOutput ?? '',
      });
    start = block.end;
  }
  if (examples.length === 0) throw new Error(`${where}: no \`\`\`ts example`);
  return examples;
}

/**
 * The examples the consumer check compiles and runs, read now from the Markdown: the complete
 * programs ({@link markdownExamples}) of the root README, the getting-started guide and every
 * publishable package's README.
 */
export function readExamples(root: string, packages: readonly WorkspacePackage[]): Example[] {
  const sources = [
    { name: 'readme', markdown: 'README.md' },
    { name: 'getting-started', markdown: 'docs/getting-started.md' },
    ...packages.map((pkg) => ({
      name: pkg.directory.split('/').pop()!,
      markdown: `${pkg.directory}/README.md`,
    })),
  ];
  return sources.flatMap(({ name, markdown }) => {
    const path = join(root, markdown);
    if (!existsSync(path))
      throw new Error(`${markdown} is missing: every package needs a README with an example`);
    return markdownExamples(readFileSync(path, 'utf8'), markdown).map((example) => ({
      name: example.ordinal === 1 ? name : `${name}-${example.ordinal}`,
      markdown,
      where: `${markdown}:${example.line}`,
      source: example.source,
      expectedOutput: example.expectedOutput,
      legacyDecoratorsOnly: /from '(inversify|reflect-metadata)'|import 'reflect-metadata'/.test(
        example.source,
      ),
      needsRedis: example.source.includes('process.env.REDIS_URL'),
    }));
  });
}

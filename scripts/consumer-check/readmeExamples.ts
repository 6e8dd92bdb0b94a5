import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspacePackage } from './workspacePackages.js';

/** A runnable example taken from a Markdown file. */
export interface Example {
  /** File-safe name (`readme`, `core`, `getting-started`). */
  readonly name: string;
  /** The Markdown file, relative to the repository root. */
  readonly markdown: string;
  readonly source: string;
  /** What it must print: the `text` block that follows it, or nothing. */
  readonly expectedOutput: string;
  /** Uses inversify (or reflect-metadata), so it needs `experimentalDecorators`. */
  readonly legacyDecoratorsOnly: boolean;
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

/**
 * The first ```ts block of `markdown` and its expected output: the ```text block that follows
 * it before any other code block or heading (none: it must print nothing).
 */
export function firstExample(
  markdown: string,
  where: string,
): { source: string; expectedOutput: string } {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => TS_FENCE.test(line));
  if (start === -1) throw new Error(`${where}: no \`\`\`ts example`);
  const example = blockFrom(lines, start);
  for (let index = example.end + 1; index < lines.length; index++) {
    const line = lines[index]!;
    if (HEADING.test(line)) break;
    if (TEXT_FENCE.test(line))
      return { source: example.body, expectedOutput: blockFrom(lines, index).body };
    if (ANY_FENCE.test(line)) break;
  }
  return { source: example.body, expectedOutput: '' };
}

/**
 * The examples the consumer check compiles and runs: the root README's, the getting-started
 * guide's and the first one of every publishable package's README, read now from the Markdown.
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
  return sources.map(({ name, markdown }) => {
    const path = join(root, markdown);
    if (!existsSync(path))
      throw new Error(`${markdown} is missing: every package needs a README with an example`);
    const { source, expectedOutput } = firstExample(readFileSync(path, 'utf8'), markdown);
    return {
      name,
      markdown,
      source,
      expectedOutput,
      legacyDecoratorsOnly: /from '(inversify|reflect-metadata)'|import 'reflect-metadata'/.test(
        source,
      ),
    };
  });
}

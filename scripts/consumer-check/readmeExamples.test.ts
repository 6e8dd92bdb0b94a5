import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markdownExamples, readExamples } from './readmeExamples.js';
import { publishablePackages } from './workspacePackages.js';

const ts = (code: string): string => `\`\`\`ts\n${code}\n\`\`\``;
const text = (output: string): string => `\`\`\`text\n${output}\n\`\`\``;

describe('markdownExamples', () => {
  it('takes the first ts block and the text block after it as its output', () => {
    const markdown = `# pkg\n\nIntro.\n\n${ts("console.log('a');")}\n\nIt prints:\n\n${text('a')}\n\n${ts('other();')}`;
    expect(markdownExamples(markdown, 'README.md')).toEqual([
      { ordinal: 1, line: 5, source: "console.log('a');", expectedOutput: 'a' },
    ]);
  });

  it('expects no output when a heading or another code block comes before any text block', () => {
    expect(markdownExamples(`${ts('run();')}\n\n## Next\n\n${text('x')}`, 'a.md')).toEqual([
      { ordinal: 1, line: 1, source: 'run();', expectedOutput: '' },
    ]);
    expect(
      markdownExamples(`${ts('run();')}\n\n\`\`\`sh\nnpm i\n\`\`\`\n${text('x')}`, 'a.md')[0]!
        .expectedOutput,
    ).toBe('');
  });

  it('takes a later ts block only when a text block shows what it prints', () => {
    const markdown = [
      ts('first();'),
      '## Fragments',
      ts("@Retry('payments')"),
      '## A program',
      ts("console.log('b');"),
      'It prints:',
      text('b'),
    ].join('\n\n');
    expect(markdownExamples(markdown, 'a.md')).toEqual([
      { ordinal: 1, line: 1, source: 'first();', expectedOutput: '' },
      { ordinal: 3, line: 13, source: "console.log('b');", expectedOutput: 'b' },
    ]);
  });

  it('fails when the Markdown has no ts example or leaves it open', () => {
    expect(() => markdownExamples('# nothing here', 'packages/x/README.md')).toThrow(
      'packages/x/README.md: no ```ts example',
    );
    expect(() => markdownExamples('```ts\nopen();', 'a.md')).toThrow(
      'unclosed code block at line 1',
    );
  });
});

describe('readExamples', () => {
  const root = mkdtempSync(join(tmpdir(), 'ballast-examples-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function write(path: string, content: string): void {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }

  it("picks up every public package's README by itself and marks inversify examples legacy-only", () => {
    write('README.md', ts("import 'reflect-metadata';"));
    write('docs/getting-started.md', ts('start();'));
    write(
      'packages/added-later/package.json',
      JSON.stringify({ name: '@ballast/added-later', version: '0.1.0' }),
    );
    write(
      'packages/added-later/README.md',
      `${ts("import { x } from '@ballast/added-later';")}\n\n${ts('const url = process.env.REDIS_URL;')}\n\n${text('')}`,
    );
    write(
      'packages/internal/package.json',
      JSON.stringify({ name: 'internal', version: '0.1.0', private: true }),
    );
    const examples = readExamples(root, publishablePackages(root));
    expect(
      examples.map((example) => [
        example.name,
        example.where,
        example.legacyDecoratorsOnly,
        example.needsRedis,
      ]),
    ).toEqual([
      ['readme', 'README.md:1', true, false],
      ['getting-started', 'docs/getting-started.md:1', false, false],
      ['added-later', 'packages/added-later/README.md:1', false, false],
      ['added-later-2', 'packages/added-later/README.md:5', false, true],
    ]);
  });

  it('fails for a public package without a README', () => {
    write(
      'packages/no-readme/package.json',
      JSON.stringify({ name: 'no-readme', version: '0.1.0' }),
    );
    expect(() => readExamples(root, publishablePackages(root))).toThrow(
      'packages/no-readme/README.md is missing',
    );
  });
});

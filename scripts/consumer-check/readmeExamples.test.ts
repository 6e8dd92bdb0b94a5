import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstExample, readExamples } from './readmeExamples.js';
import { publishablePackages } from './workspacePackages.js';

const ts = (code: string): string => `\`\`\`ts\n${code}\n\`\`\``;
const text = (output: string): string => `\`\`\`text\n${output}\n\`\`\``;

describe('firstExample', () => {
  it('takes the first ts block and the text block after it as its output', () => {
    const markdown = `# pkg\n\nIntro.\n\n${ts("console.log('a');")}\n\nIt prints:\n\n${text('a')}\n\n${ts('other();')}`;
    expect(firstExample(markdown, 'README.md')).toEqual({
      source: "console.log('a');",
      expectedOutput: 'a',
    });
  });

  it('expects no output when a heading or another code block comes before any text block', () => {
    expect(firstExample(`${ts('run();')}\n\n## Next\n\n${text('x')}`, 'a.md').expectedOutput).toBe(
      '',
    );
    expect(
      firstExample(`${ts('run();')}\n\n\`\`\`sh\nnpm i\n\`\`\`\n${text('x')}`, 'a.md')
        .expectedOutput,
    ).toBe('');
  });

  it('fails when the Markdown has no ts example or leaves it open', () => {
    expect(() => firstExample('# nothing here', 'packages/x/README.md')).toThrow(
      'packages/x/README.md: no ```ts example',
    );
    expect(() => firstExample('```ts\nopen();', 'a.md')).toThrow('unclosed code block at line 1');
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
    write('packages/added-later/README.md', ts("import { x } from '@ballast/added-later';"));
    write(
      'packages/internal/package.json',
      JSON.stringify({ name: 'internal', version: '0.1.0', private: true }),
    );
    const examples = readExamples(root, publishablePackages(root));
    expect(examples.map((example) => [example.name, example.legacyDecoratorsOnly])).toEqual([
      ['readme', true],
      ['getting-started', false],
      ['added-later', false],
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

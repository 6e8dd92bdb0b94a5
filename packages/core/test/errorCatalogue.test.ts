import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The text of every source file of every package and app. */
function* sourceTexts(): Generator<string> {
  for (const group of ['packages', 'apps']) {
    for (const name of readdirSync(join(repoRoot, group))) {
      const src = join(repoRoot, group, name, 'src');
      if (!statSync(src, { throwIfNoEntry: false })?.isDirectory()) continue;
      for (const file of sourceFiles(src)) yield readFileSync(file, 'utf8');
    }
  }
}

/**
 * Codes used by the sources of every package and app: declared by error classes
 * (`static override readonly code = '…'`) or sent as a bare response code.
 */
function declaredCodes(): Set<string> {
  const codes = new Set<string>();
  for (const text of sourceTexts()) {
    for (const match of text.matchAll(/'(BALLAST_ERR_[A-Z0-9_]+)'/g)) codes.add(match[1]!);
  }
  return codes;
}

/** The rows of docs/errors.md's tables, in order: code and the other cells (class, package, kind, HTTP, meaning, remedy). */
function documentedRows(): [string, string[]][] {
  const rows: [string, string[]][] = [];
  for (const line of readFileSync(join(repoRoot, 'docs/errors.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const code = cells[1]?.replaceAll('`', '');
    if (code !== undefined && /^BALLAST_ERR_[A-Z0-9_]+$/.test(code))
      rows.push([code, cells.slice(2, -1)]);
  }
  return rows;
}

function documentedCodes(): Map<string, string[]> {
  return new Map(documentedRows());
}

/** Kind and HTTP status each class declares beside its code (`—` for none). */
function declaredKindsAndStatuses(): Map<string, [string, string]> {
  const declared = new Map<string, [string, string]>();
  for (const text of sourceTexts()) {
    for (const match of text.matchAll(
      /readonly code = '(BALLAST_ERR_[A-Z0-9_]+)';\s*(?:static override readonly kind = '(\w+)';)?\s*(?:\/\*\*.*\*\/\s*)?(?:static override readonly httpStatus = (\d+);)?/g,
    )) {
      declared.set(match[1]!, [match[2] ?? '—', match[3] ?? '—']);
    }
  }
  return declared;
}

describe('error catalogue', () => {
  it('documents the kind and HTTP status each class declares', () => {
    const documented = documentedCodes();
    for (const [code, [kind, status]] of declaredKindsAndStatuses()) {
      const cells = documented.get(code);
      expect({ code, kind: cells?.[2], status: cells?.[3] }).toEqual({ code, kind, status });
    }
  });

  it('gives every library error class a kind', () => {
    const missing = [...declaredKindsAndStatuses()].filter(([, [kind]]) => kind === '—');
    expect(missing.map(([code]) => code)).toEqual([]);
  });

  it('documents every code the sources use, and only those', () => {
    const declared = [...declaredCodes()].sort();
    const documented = [...documentedCodes().keys()].sort();
    expect(documented).toEqual(declared);
  });

  it('documents each code in one row only', () => {
    const codes = documentedRows().map(([code]) => code);
    expect(codes.filter((code, index) => codes.indexOf(code) !== index)).toEqual([]);
  });

  it('gives every code a class, a package, a meaning and a remedy', () => {
    for (const [code, cells] of documentedCodes()) {
      expect({ code, filled: cells.length >= 6 && cells.every((cell) => cell.length > 0) }).toEqual(
        { code, filled: true },
      );
    }
  });

  it('never declares one code in two places', () => {
    const counts = new Map<string, number>();
    for (const text of sourceTexts()) {
      for (const match of text.matchAll(/readonly code = '(BALLAST_ERR_[A-Z0-9_]+)'/g)) {
        counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + 1);
      }
    }
    expect([...counts].filter(([, count]) => count > 1)).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import childProcess from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InnerAspect, OuterAspect, TimedAspect, trail } from '../../test/fixtures/testAspects.js';
import { createRuntime, type Runtime } from '../runtime/Runtime.js';
import { originalOf } from '../weaving/createWrapper.js';
import { protect } from './protect.js';
import { protectModule } from './protectModule.js';

let runtime: Runtime;
let dir: string;
beforeEach(() => {
  runtime = createRuntime();
  dir = mkdtempSync(join(tmpdir(), 'ballast-protect-'));
  trail.length = 0;
});
afterEach(() => {
  runtime.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('protect', () => {
  it('wraps a plain function, keeping its name, length and result', async () => {
    async function add(a: number, b: number): Promise<number> {
      return a + b;
    }
    const protectedAdd = protect(add, [OuterAspect.use({ label: 'add' })], { runtime });
    expect(protectedAdd.name).toBe('add');
    expect(protectedAdd.length).toBe(2);
    await expect(protectedAdd(2, 3)).resolves.toBe(5);
    expect(trail).toEqual(['add']);
  });

  it('wraps an already protected function (regression: redefining the original threw)', () => {
    const inner = protect(() => 'x', [InnerAspect.use()], { runtime, name: 'inner' });
    const outer = protect(inner, [OuterAspect.use()], { runtime, name: 'outer' });
    expect(outer()).toBe('x');
    expect(trail).toEqual(['outer', 'inner']);
    expect(originalOf(outer)).toBe(inner);
  });

  it('orders uses by precedence unless an order is given', () => {
    const uses = [InnerAspect.use(), OuterAspect.use()];
    protect(() => 1, uses, { runtime })();
    expect(trail).toEqual(['outer', 'inner']);
    trail.length = 0;
    protect(() => 1, uses, { runtime, order: ['Inner', 'Outer'] })();
    expect(trail).toEqual(['inner', 'outer']);
  });
});

describe('protectModule', () => {
  it('protects fs.promises functions by name and leaves the module untouched', async () => {
    const file = join(dir, 'note.txt');
    writeFileSync(file, 'kept');
    const safeFs = protectModule(
      fs,
      {
        readFile: [TimedAspect.use({ ms: 500 })],
        writeFile: [OuterAspect.use({ label: 'write' })],
      },
      { runtime, name: 'fs' },
    );
    await safeFs.writeFile(file, 'changed');
    await expect(safeFs.readFile(file, 'utf8')).resolves.toBe('changed');
    await expect(safeFs.stat(file)).resolves.toHaveProperty('size', 7); // unprotected functions still work
    expect(trail).toEqual(['write', 'timed 500']);
    expect(fs.readFile.name).toBe('readFile');
    expect(Object.prototype.hasOwnProperty.call(safeFs, 'readFile')).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(safeFs, 'stat')).toBe(false);
  });

  it('passes real fs errors through unchanged', async () => {
    const safeFs = protectModule(fs, { readFile: [TimedAspect.use()] }, { runtime, name: 'fs' });
    await expect(safeFs.readFile(join(dir, 'missing.txt'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('protects child_process functions, keeping sync ones sync', () => {
    const safeChild = protectModule(
      childProcess,
      { execFileSync: [OuterAspect.use({ label: 'exec' })] },
      { runtime, name: 'child_process' },
    );
    const output = safeChild.execFileSync(
      process.execPath,
      ['-e', 'process.stdout.write("pong")'],
      { encoding: 'utf8' },
    );
    expect(output).toBe('pong');
    expect(trail).toEqual(['exec']);
  });
});

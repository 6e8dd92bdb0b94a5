import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSink } from './FileSink.js';
import { preflightLogFile } from './preflightLogFile.js';

let dir: string;
let now: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'file-sink-'));
  now = Date.UTC(2026, 4, 1, 23, 0, 0);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(sink: FileSink, chunk: string): Promise<void> {
  return new Promise((resolve, reject) =>
    sink.write(chunk, (error) => (error ? reject(error) : resolve())),
  );
}

const archives = (): string[] =>
  readdirSync(dir)
    .filter((name) => name !== 'app.log')
    .sort();

describe('FileSink', () => {
  it('rotates before a write would pass maxSizeBytes and keeps maxFiles archives', async () => {
    const file = join(dir, 'app.log');
    let rotations = 0;
    const sink = new FileSink(
      file,
      { maxSizeBytes: 100, maxFiles: 2 },
      () => now++,
      () => rotations++,
    );
    sink.open();
    for (let i = 0; i < 10; i++) await write(sink, `${String(i).padStart(39, '.')}\n`); // 40 bytes each
    sink.close();
    expect(rotations).toBe(4); // 2 lines per file: 10 lines → 5 files → 4 rotations
    expect(archives()).toHaveLength(2);
    expect(archives().every((name) => /^app\.\d{8}-\d{6}-\d{3}\.log$/.test(name))).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(`${'8'.padStart(39, '.')}\n${'9'.padStart(39, '.')}\n`);
    // the newest archive holds the two lines before
    expect(readFileSync(join(dir, archives()[1]!), 'utf8')).toContain('7\n');
  });

  it('rotates when the UTC day changes', async () => {
    const file = join(dir, 'app.log');
    const sink = new FileSink(file, { interval: 'daily' }, () => now);
    sink.open();
    await write(sink, 'day one\n');
    now += 2 * 3_600_000; // 01:00 the next day
    await write(sink, 'day two\n');
    sink.close();
    expect(archives()).toEqual(['app.20260502-010000-000.log']);
    expect(readFileSync(join(dir, archives()[0]!), 'utf8')).toBe('day one\n');
    expect(readFileSync(file, 'utf8')).toBe('day two\n');
  });

  it('appends to an existing file and counts its size towards rotation', async () => {
    const file = join(dir, 'app.log');
    writeFileSync(file, 'x'.repeat(90));
    const sink = new FileSink(file, { maxSizeBytes: 100 }, () => now);
    sink.open();
    await write(sink, 'y'.repeat(20));
    sink.close();
    expect(archives()).toHaveLength(1);
    expect(statSync(file).size).toBe(20);
  });

  it('never renames a device and reports ENOSPC from /dev/full', async () => {
    const sink = new FileSink('/dev/full', { maxSizeBytes: 1, interval: 'hourly' }, () => now);
    sink.open();
    await expect(write(sink, 'a line\n')).rejects.toMatchObject({ code: 'ENOSPC' });
    now += 10 * 3_600_000;
    await expect(write(sink, 'more\n')).rejects.toMatchObject({ code: 'ENOSPC' });
    sink.close();
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('fails writes cleanly when not open', async () => {
    const sink = new FileSink(join(dir, 'app.log'), {}, () => now);
    await expect(write(sink, 'x\n')).rejects.toMatchObject({ code: 'EBADF' });
    expect(() => sink.writeSync('x\n')).toThrow(expect.objectContaining({ code: 'EBADF' }));
  });

  it('writes synchronously for the final lines, and throws ENOSPC from /dev/full', () => {
    const file = join(dir, 'app.log');
    const sink = new FileSink(file, {}, () => now);
    sink.open();
    sink.writeSync('last é line\n');
    expect(readFileSync(file, 'utf8')).toBe('last é line\n');
    sink.close();
    const full = new FileSink('/dev/full', {}, () => now);
    full.open();
    expect(() => full.writeSync('x\n')).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
    full.close();
  });

  it('keeps the descriptor of a write in flight open until it lands, even when closed meanwhile', async () => {
    const file = join(dir, 'app.log');
    const sink = new FileSink(file, {}, () => now);
    sink.open();
    const landed = write(sink, 'in flight\n');
    sink.close();
    await expect(landed).resolves.toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe('in flight\n');
  });
});

describe('preflightLogFile', () => {
  it('creates missing directories', () => {
    const opened = preflightLogFile(join(dir, 'a', 'b', 'app.log'));
    expect(opened).toMatchObject({ size: 0, regular: true });
  });

  it('fails with ENOTDIR when the directory cannot be created because a file is in the way', () => {
    writeFileSync(join(dir, 'blocker'), '');
    expect(() => preflightLogFile(join(dir, 'blocker', 'logs', 'app.log'))).toThrow(
      expect.objectContaining({ code: 'ENOTDIR' }),
    );
  });

  it('fails with EISDIR when the log path is a directory', () => {
    mkdirSync(join(dir, 'app.log'));
    expect(() => preflightLogFile(join(dir, 'app.log'))).toThrow(
      expect.objectContaining({ code: 'EISDIR' }),
    );
  });
});

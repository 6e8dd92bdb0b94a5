import { existsSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

function stamp(time: number): string {
  // 2026-11-22T13:45:12.345Z → 20261122-134512-345: sorts in time order as text.
  return new Date(time)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace('T', '-')
    .replace('.', '-')
    .slice(0, 19);
}

function archivePattern(path: string): RegExp {
  const extension = extname(path);
  const stem = basename(path, extension).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${stem}\\.\\d{8}-\\d{6}-\\d{3}${extension.replace('.', '\\.')}$`);
}

/**
 * Renames the live log file to `<stem>.<yyyymmdd-hhmmss-mmm><ext>` (a free name, later stamps
 * for later archives) and deletes the oldest archives beyond `maxFiles`.
 * @returns the archive's path.
 */
export function archiveLogFile(path: string, now: number, maxFiles: number): string {
  const extension = extname(path);
  const stem = join(dirname(path), basename(path, extension));
  let time = now;
  let target = `${stem}.${stamp(time)}${extension}`;
  while (existsSync(target)) target = `${stem}.${stamp(++time)}${extension}`;
  renameSync(path, target);
  const pattern = archivePattern(path);
  const archives = readdirSync(dirname(path))
    .filter((name) => pattern.test(name))
    .sort();
  for (const name of archives.slice(0, Math.max(0, archives.length - maxFiles))) {
    unlinkSync(join(dirname(path), name));
  }
  return target;
}

import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidDocumentError } from '../errors/storeErrors.js';
import { ManualClock } from '@ballast/testing';
import { tempDir } from '../../test/support/tempDir.js';
import { TaskInbox } from './TaskInbox.js';

describe('TaskInbox', () => {
  let temp: ReturnType<typeof tempDir>;
  let clock: ManualClock;

  beforeEach(() => {
    temp = tempDir();
    clock = new ManualClock(1_700_000_000_000);
  });

  afterEach(() => temp.remove());

  it('moves a task into processing before reading it, and deletes it on completion', () => {
    const inbox = new TaskInbox({ folder: temp.dir, owner: 'w1', clock });
    inbox.submit('a.json', '{"n":1}');
    const task = inbox.claim()!;
    expect(task.content.toString()).toBe('{"n":1}');
    expect(readdirSync(path.join(temp.dir, 'inbox'))).toEqual([]);
    expect(readdirSync(path.join(temp.dir, 'processing'))).toEqual([`${clock.now()}~w1~a.json`]);
    task.complete();
    expect(readdirSync(path.join(temp.dir, 'processing'))).toEqual([]);
  });

  it('hands each file to exactly one of two workers', () => {
    const w1 = new TaskInbox({ folder: temp.dir, owner: 'w1', clock });
    const w2 = new TaskInbox({ folder: temp.dir, owner: 'w2', clock });
    for (let i = 0; i < 5; i++) w1.submit(`t${i}`, String(i));
    const names: string[] = [];
    for (
      let task = w1.claim() ?? w2.claim();
      task !== undefined;
      task = names.length % 2 ? w2.claim() : w1.claim()
    ) {
      names.push(task.name);
    }
    expect(names.sort()).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });

  it('returns files of a crashed worker to the inbox only once they are old enough', () => {
    const crashed = new TaskInbox({ folder: temp.dir, owner: 'w1', clock });
    crashed.submit('job', 'x');
    crashed.claim(); // the worker dies here, before complete()
    const next = new TaskInbox({ folder: temp.dir, owner: 'w2', clock });
    expect(next.recover(60_000)).toBe(0);
    clock.advance(60_000);
    expect(next.recover(60_000)).toBe(1);
    expect(next.claim()?.content.toString()).toBe('x');
  });

  it('moves a failed task aside and ignores stray files in the inbox', () => {
    const inbox = new TaskInbox({ folder: temp.dir, owner: 'w1', clock });
    writeFileSync(path.join(temp.dir, 'inbox', '.partial'), 'half');
    inbox.submit('bad', 'x');
    inbox.claim()!.fail();
    expect(existsSync(path.join(temp.dir, 'failed', 'bad'))).toBe(true);
    expect(inbox.claim()).toBeUndefined();
  });

  it('refuses task names with path syntax', () => {
    const inbox = new TaskInbox({ folder: temp.dir, owner: 'w1', clock });
    expect(() => inbox.submit('../x', 'x')).toThrow(InvalidDocumentError);
    expect(() => new TaskInbox({ folder: temp.dir, owner: 'a/b', clock })).toThrow(
      InvalidDocumentError,
    );
  });
});

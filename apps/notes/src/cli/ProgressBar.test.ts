import { describe, expect, it } from '@jest/globals';
import { ProgressBar } from './ProgressBar.js';

function stream(isTTY: boolean): { isTTY: boolean; text: string; write(chunk: string): void } {
  return {
    isTTY,
    text: '',
    write(chunk: string) {
      this.text += chunk;
    },
  };
}

describe('ProgressBar', () => {
  it('prints the first step and then one line per tenth of the way when not on a terminal', () => {
    const out = stream(false);
    const bar = new ProgressBar(out, 'migrate');
    for (let done = 1; done <= 100; done++) bar.update(done, 100, `user-${done}`);
    const lines = out.text.trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toContain('1/100 1% user-1');
    expect(lines.at(-1)).toBe(`migrate [${'#'.repeat(30)}] 100/100 100% user-100`);
  });

  it('redraws one line in place on a terminal and ends it when done', () => {
    const out = stream(true);
    const bar = new ProgressBar(out, 'migrate');
    bar.update(1, 2, 'a');
    bar.update(2, 2, 'b');
    expect(out.text).toBe(
      `\r\x1b[2Kmigrate [${'#'.repeat(15)}${'.'.repeat(15)}] 1/2 50% a\r\x1b[2Kmigrate [${'#'.repeat(30)}] 2/2 100% b\n`,
    );
  });

  it('shows an empty job as complete', () => {
    const out = stream(false);
    new ProgressBar(out, 'migrate').update(0, 0, '');
    expect(out.text).toContain('0/0 100%');
  });
});

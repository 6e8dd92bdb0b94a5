import { describe, expect, it } from '@jest/globals';
import { runFixture } from './childProcess.js';

const run = (mode: string) => runFixture('keepAlive', mode);

// Before the fix every mode but 'housekeeping' exited with code 13 and printed nothing: the
// only timer was unref'd, so Node abandoned the pending top-level await.
describe('a process whose only pending work is a ballast timer (real child processes)', () => {
  it.each([
    ['retry-delay', 'answer after 2 attempts'],
    ['default-runtime', 'default runtime ok'],
    ['timeout', 'BALLAST_ERR_TIMEOUT'],
    ['timeout-retried', 'attempt 2 after a deadline'],
    ['bulkhead-wait', 'BALLAST_ERR_BULKHEAD_FULL'],
    ['rate-limit-wait', 'call 1, call 2'],
  ])('stays alive while a caller awaits it (%s) and prints the result', async (mode, printed) => {
    expect(await run(mode)).toMatchObject({ code: 0, stdout: printed });
  });

  it('exits at once when only housekeeping is left (idle sweeps, spare wake-ups, clock refresh)', async () => {
    // A housekeeping timer that held the process open would keep it for minutes: the test
    // would time out instead of seeing the exit.
    expect(await run('housekeeping')).toMatchObject({ code: 0, stdout: 'a ok true' });
  });
});

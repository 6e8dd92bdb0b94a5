import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Agent, request } from 'node:http';
import { type NotesFixture, removeDir, startNotes } from './support/notesFixture.js';

let notes: NotesFixture;
let alice: string;
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

beforeAll(async () => {
  notes = await startNotes();
  alice = notes.app.keys.add('alice');
});

afterAll(async () => {
  agent.destroy();
  await notes.close();
  removeDir(notes.dataDir);
});

/** A GET /notes with `key`, on a pooled keep-alive connection; resolves with the status. */
function get(key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${notes.app.url}/notes`,
      { agent, headers: { authorization: `Bearer ${key}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('notes failed-key throttling (real sockets)', () => {
  it('answers 400 wrong keys in a burst with 401 five times, then 429; the right key still works', async () => {
    const wrong = `${alice.slice(0, -4)}AAAA`;
    const statuses = await Promise.all(Array.from({ length: 400 }, () => get(wrong)));
    const counts = statuses.reduce<Record<number, number>>((tally, status) => {
      tally[status] = (tally[status] ?? 0) + 1;
      return tally;
    }, {});
    expect(counts).toEqual({ 401: 5, 429: 395 });
    expect(await get(alice)).toBe(200);
    // The right key cleared the count: the next wrong one is a plain 401 again.
    expect(await get(wrong)).toBe(401);
  });

  it('tells a throttled client when to come back', async () => {
    const wrong = 'nk_0000000000000000_' + 'A'.repeat(43);
    for (let i = 0; i < 5; i++) await get(wrong);
    const response = await notes.call('GET', '/notes', { key: wrong });
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('60');
    expect(response.body.code).toBe('BALLAST_ERR_AUTH_THROTTLED');
  });
});

import { afterEach, describe, expect, it } from '@jest/globals';
import { bucketOf } from '@ballast/flags';
import { SEARCH_FLAG } from '../src/index.js';
import { type NotesFixture, removeDir, startNotes } from './support/notesFixture.js';

let notes: NotesFixture | undefined;

afterEach(async () => {
  if (notes === undefined) return;
  await notes.close();
  removeDir(notes.dataDir);
  notes = undefined;
});

/** The first user id `user-<n>` whose rollout bucket for the search flag satisfies `wanted`. */
function userWithBucket(wanted: (bucket: number) => boolean): string {
  for (let n = 0; ; n++) if (wanted(bucketOf(SEARCH_FLAG, `user-${n}`))) return `user-${n}`;
}

async function seed(fixture: NotesFixture, key: string): Promise<void> {
  for (const body of [
    { title: 'Trip to Lisbon', text: 'pack sunscreen' },
    { title: 'Groceries', text: 'sun-dried tomatoes' },
    { title: 'Taxes', text: 'receipts' },
  ]) {
    expect((await fixture.call('POST', '/notes', { key, body })).status).toBe(201);
  }
}

describe('search behind the notes.search flag (embedded default: test users + 10 %)', () => {
  it('finds notes by title or text for a test user', async () => {
    notes = await startNotes();
    const key = notes.app.keys.add('tester');
    await seed(notes, key);
    const res = await notes.call('GET', '/notes/search?q=sun', { key });
    expect(res.status).toBe(200);
    expect(res.body.notes.map((n: { title: string }) => n.title).sort()).toEqual([
      'Groceries',
      'Trip to Lisbon',
    ]);
  });

  it('is on for a user inside the 10 % rollout and off (404, nothing read) for one outside', async () => {
    notes = await startNotes();
    const inside = notes.app.keys.add(userWithBucket((bucket) => bucket <= 10));
    const outside = notes.app.keys.add(userWithBucket((bucket) => bucket > 10));
    await seed(notes, inside);
    await seed(notes, outside);
    expect(
      (await notes.call('GET', '/notes/search?q=Taxes', { key: inside })).body.notes,
    ).toHaveLength(1);
    const off = await notes.call('GET', '/notes/search?q=Taxes', { key: outside });
    expect(off.status).toBe(404);
    expect(off.body).toMatchObject({
      code: 'NOTES_SEARCH_OFF',
      detail: 'Search is not enabled for this user yet (gray release).',
    });
  });

  it('follows a flags definition from the config: a kill switch turns it off for test users too', async () => {
    notes = await startNotes({
      flags: { flags: { [SEARCH_FLAG]: { enabled: false, allow: ['tester'] } } },
    });
    const key = notes.app.keys.add('tester');
    expect((await notes.call('GET', '/notes/search?q=x', { key })).status).toBe(404);
  });

  it('answers 400 naming q when the search text is missing', async () => {
    notes = await startNotes();
    const key = notes.app.keys.add('tester');
    const res = await notes.call('GET', '/notes/search', { key });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'query.q', detail: 'is required' }]);
  });
});

import { openConnection, connectionPragmas } from './src/sqlite/openConnection.js';
import { migrateDatabase } from './src/migrations/migrateDatabase.js';
import { documentSchema } from './src/migrations/builtinSchemas.js';
import { DocumentOps } from './src/documents/DocumentOps.js';
import { UserHandle } from './src/pool/UserHandle.js';
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'perf-'));
const s = { durability: 'normal', busyTimeoutMs: 50 } as const; const pr = connectionPragmas(s);
const src = path.join(root, 't.db'); { const d = openConnection(src, s, pr, false); migrateDatabase(d, [documentSchema], 'x'); d.close(); }
for (let i = 0; i < 500; i++) fs.copyFileSync(src, path.join(root, `u${i}.db`));
const t = [0, 0, 0, 0, 0];
for (let i = 0; i < 500; i++) {
  let a = performance.now();
  const db = openConnection(path.join(root, `u${i}.db`), s, pr, true); t[0] += performance.now() - a; a = performance.now();
  migrateDatabase(db, [documentSchema], 'x'); t[1] += performance.now() - a; a = performance.now();
  const ops = new DocumentOps(new UserHandle('u', 'u', 'f', db), false); t[2] += performance.now() - a; a = performance.now();
  ops.get('notes', 'n1'); t[3] += performance.now() - a; a = performance.now();
  db.close(); t[4] += performance.now() - a;
}
console.log(t.map((x) => (x / 500).toFixed(3)));

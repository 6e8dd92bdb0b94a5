import { createUserStores } from '@ballast/store';
import { UserPaths } from './src/paths/UserPaths.js';
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
const root = fs.mkdtempSync(path.join(process.env.BASE ?? os.tmpdir(), 'perf-'));
const template = createUserStores({ root, idleTimeoutMs: 0 });
template.user('template').put('notes', 'n1', { text: 'hello' });
template.close();
const paths = new UserPaths(root, /^[A-Za-z0-9_-]{1,64}$/, 256);
const source = path.join(paths.userFolder('template'), 'user.db');
let t = performance.now();
for (let i = 0; i < 2000; i++) { const f = paths.userFolder('u' + i); fs.mkdirSync(f, { recursive: true }); fs.copyFileSync(source, path.join(f, 'user.db')); }
console.log('copy', (performance.now() - t) / 2000);
const stores = createUserStores({ root, maxOpen: 200, idleTimeoutMs: 0, durability: 'normal' });
t = performance.now();
for (let i = 0; i < 200; i++) stores.user('u' + i).get('notes', 'n1');
console.log('open no evict', (performance.now() - t) / 200);
t = performance.now();
for (let i = 200; i < 2000; i++) stores.user('u' + i).get('notes', 'n1');
console.log('open+evict', (performance.now() - t) / 1800);
stores.close();
const stores2 = createUserStores({ root, maxOpen: 200, idleTimeoutMs: 0, durability: 'normal' });
t = performance.now();
for (let i = 0; i < 2000; i++) stores2.user('u' + i).get('notes', 'n1');
console.log('second round open+evict', (performance.now() - t) / 2000);
const times: number[] = [];
for (let i = 0; i < 2000; i++) { const a = performance.now(); stores2.user('u' + i).get('notes', 'n1'); times.push(performance.now() - a); }
times.sort((a, b) => a - b); console.log('p50', times[1000], 'p90', times[1800]);
stores2.close();

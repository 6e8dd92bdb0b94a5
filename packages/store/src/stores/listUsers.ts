import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { UserPaths } from '../paths/UserPaths.js';

function folders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** Every user with a folder under the root, in a stable (sorted) order. Quarantine folders are skipped. */
export function listUsers(paths: UserPaths): string[] {
  const users: string[] = [];
  for (const shard of folders(paths.root)) {
    if (!paths.isShardName(shard)) continue;
    for (const user of folders(path.join(paths.root, shard))) {
      if (paths.isUserId(user) && paths.shardOf(user) === shard) users.push(user);
    }
  }
  return users.sort();
}

import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { UserPaths } from '../paths/UserPaths.js';
import { userIdOfFolder } from '../paths/userFolderName.js';

function folders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory()) // links are not folders here: never followed
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** Every user with a folder under the root, in a stable (sorted) order. Quarantine folders are skipped. */
export function listUsers(paths: UserPaths): string[] {
  const users = new Set<string>();
  for (const shard of folders(paths.root)) {
    if (!paths.isShardName(shard)) continue;
    for (const name of folders(path.join(paths.root, shard))) {
      const user = userIdOfFolder(name);
      if (user !== undefined && paths.isUserId(user) && paths.shardOf(user) === shard)
        users.add(user);
    }
  }
  return [...users].sort();
}

import { ApiKeyRegistry } from '../auth/ApiKeyRegistry.js';
import { NotesPaths } from '../app/NotesPaths.js';
import type { NotesOptions } from '../config/NotesConfig.js';
import { readNotesConfig } from '../config/readNotesConfig.js';
import type { CliIo } from './CliIo.js';

function registry(options: NotesOptions): ApiKeyRegistry {
  return new ApiKeyRegistry(new NotesPaths(readNotesConfig(options).dataDir).keys);
}

/**
 * `notes list-keys [--json]`: every API key's id, user and creation time, oldest first. Never a
 * secret: a key reads `nk_<keyId>_<secret>`, so its holder can tell which id is theirs.
 */
export function listKeysCommand(options: NotesOptions, io: CliIo, json = false): void {
  const keys = registry(options).list();
  if (json) {
    io.out.write(`${JSON.stringify(keys)}\n`);
    return;
  }
  for (const key of keys) io.out.write(`${key.keyId}  ${key.createdAt}  ${key.userId}\n`);
}

/**
 * `notes revoke-key <keyId>`: deletes one key (locked, atomic rewrite of the key file); a running
 * server refuses it from its next request. Returns false when no key has that id.
 */
export function revokeKeyCommand(options: NotesOptions, io: CliIo, keyId: string): boolean {
  const revoked = registry(options).revoke(keyId);
  if (revoked) io.out.write(`Revoked key ${keyId}.\n`);
  return revoked;
}

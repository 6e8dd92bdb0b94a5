/** Marks a capital letter in a folder name; doubled for itself. Not in the default id pattern. */
const ESCAPE = '^';

/**
 * The folder name of a user id, the same on case-sensitive and case-insensitive file systems:
 * each capital letter is written as `^` and its lower-case letter (`Alice` → `^alice`, `ALICE` →
 * `^a^l^i^c^e`) and `^` itself as `^^`. Ids without capitals or `^` keep their own name, so
 * their folders from earlier releases still open as they are.
 *
 * @example
 * ```ts
 * folderNameOf('Alice'); // '^alice'
 * folderNameOf('alice'); // 'alice'
 * ```
 */
export function folderNameOf(userId: string): string {
  return userId.replace(/[A-Z^]/g, (char) =>
    char === ESCAPE ? '^^' : `${ESCAPE}${char.toLowerCase()}`,
  );
}

/**
 * The user id of a folder name, or undefined when no id maps to it. A name with capitals and no
 * `^` is a folder from before the case-safe names, named after the id itself.
 */
export function userIdOfFolder(name: string): string | undefined {
  if (!name.includes(ESCAPE)) return name;
  if (/[A-Z]/.test(name)) return undefined;
  let id = '';
  for (let i = 0; i < name.length; i++) {
    const char = name[i]!;
    if (char !== ESCAPE) {
      id += char;
      continue;
    }
    const next = name[++i];
    if (next === ESCAPE) id += ESCAPE;
    else if (next !== undefined && next >= 'a' && next <= 'z') id += next.toUpperCase();
    else return undefined;
  }
  return id;
}

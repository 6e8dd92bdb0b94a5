import { randomBytes } from 'node:crypto';

/**
 * A new note id: the creation time in base 36 (fixed width, so ids sort in creation order and
 * pages list oldest first) followed by 48 random bits.
 */
export function noteId(now: number): string {
  return now.toString(36).padStart(9, '0') + randomBytes(6).toString('hex');
}

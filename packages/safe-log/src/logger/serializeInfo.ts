const MESSAGE = Symbol.for('message');

/**
 * The line for one winston info object: what the formats produced, else a JSON fallback
 * that survives anything left unserialisable. Lines over `maxChars` are replaced by a short
 * JSON line saying so (cutting JSON would leave an unparsable line).
 */
export function serializeInfo(info: Record<string | symbol, unknown>, maxChars: number): string {
  let line = info[MESSAGE];
  if (typeof line !== 'string') {
    try {
      line = JSON.stringify(info, (_key, value: unknown) =>
        typeof value === 'bigint' ? value.toString() : value,
      );
    } catch {
      line = JSON.stringify({
        level: String(info.level),
        message: String(info.message),
        serializeError: true,
      });
    }
  }
  const text = line as string;
  if (text.length <= maxChars) return `${text}\n`;
  return `${JSON.stringify({
    level: String(info.level),
    message: String(info.message).slice(0, 200),
    truncated: true,
    chars: text.length,
  })}\n`;
}

import { createHash } from 'node:crypto';
import type { RedisClient } from './RedisConnection.js';

/**
 * A Lua script run with EVALSHA (only the 40-byte hash crosses the network); when the server
 * answers NOSCRIPT (it restarted or its script cache was flushed) the script is sent once with
 * EVAL, which caches it again. node-redis does the same for scripts declared when the client is
 * created; ballast's parts add theirs to a connection later, so they carry their own.
 *
 * @example
 * ```ts
 * const bump = new LuaScript('bump', "return redis.call('INCRBY', KEYS[1], ARGV[1])");
 * const total = await redis.call((client) => bump.run<number>(client, [redis.key('hits')], [5]));
 * ```
 */
export class LuaScript {
  /** SHA-1 of the source, as EVALSHA wants it. */
  readonly sha: string;

  constructor(
    /** For messages: what the script does. */
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script on `client` with `keys` and `args`. */
  async run<T>(
    client: RedisClient,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<T> {
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return (await client.sendCommand(['EVALSHA', this.sha, ...tail])) as T;
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return (await client.sendCommand(['EVAL', this.source, ...tail])) as T;
    }
  }
}

/**
 * @internal Lua that sets `now` to ARGV[`index`] in ms, or to the server's `TIME` when that is negative:
 * fleet-wide scripts use the server's clock, tests pass the runtime's.
 */
export function nowMsLua(index: number): string {
  return `
local now = tonumber(ARGV[${index}])
if now < 0 then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end`;
}

import { LuaScript } from '../connection/LuaScript.js';

/**
 * Numbers a command, keeps it as state when it has a state key, and publishes it, in one step.
 * KEYS: revision counter, state hash, epoch. ARGV: channel, command JSON (without rev/epoch),
 * state key or '', a new epoch id (used only when the server has none: a fresh or emptied Redis).
 * Returns the revision.
 */
export const publishScript = new LuaScript(
  'ballast command publish',
  `
local epoch = redis.call('GET', KEYS[3])
if not epoch then
  epoch = ARGV[4]
  redis.call('SET', KEYS[3], epoch)
end
local rev = redis.call('INCR', KEYS[1])
local command = cjson.decode(ARGV[2])
command.rev = rev
command.epoch = epoch
local text = cjson.encode(command)
if ARGV[3] ~= '' then redis.call('HSET', KEYS[2], ARGV[3], text) end
redis.call('PUBLISH', ARGV[1], text)
return rev
`,
);

/** Reads the fleet's state: `{ epoch or false, revision or false, state hash as a flat list }`. KEYS as above. */
export const snapshotScript = new LuaScript(
  'ballast command snapshot',
  `
return { redis.call('GET', KEYS[3]), redis.call('GET', KEYS[1]), redis.call('HGETALL', KEYS[2]) }
`,
);

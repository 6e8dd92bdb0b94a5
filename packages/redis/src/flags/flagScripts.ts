import { LuaScript } from '../connection/LuaScript.js';

/**
 * Writes (or deletes, when the definition is '') one flag if its version is the expected one,
 * appends the change to the audit list (newest first, 1,000 kept), bumps the document revision
 * and publishes it. Definitions stay the caller's JSON text: Lua's cjson would turn `[]` into
 * `{}`. A flag's version counter survives its deletion, so a re-created flag never reuses one.
 * KEYS: definitions hash, versions hash, revision, audit list. ARGV: channel, flag key,
 * definition JSON or '', expected version (-1 = any), change JSON.
 * Returns `{ new version }` (0 when deleting a flag that did not exist), or `{ -1, its version }`.
 */
export const putFlagScript = new LuaScript(
  'ballast flag put',
  `
local stored = redis.call('HGET', KEYS[1], ARGV[2])
local counter = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')
local current = 0
if stored then current = counter end
local expected = tonumber(ARGV[4])
if expected >= 0 and expected ~= current then return { -1, current } end
if ARGV[3] == '' and not stored then return { 0 } end
local version = counter + 1
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], ARGV[2])
else
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
end
redis.call('HSET', KEYS[2], ARGV[2], version)
local entry = '{"version":' .. version .. ',"previous":' .. (stored or 'null') .. ',"change":' .. ARGV[5] .. '}'
redis.call('LPUSH', KEYS[4], entry)
redis.call('LTRIM', KEYS[4], 0, 999)
local revision = redis.call('INCR', KEYS[3])
redis.call('PUBLISH', ARGV[1], revision)
return { version }
`,
);

/**
 * Reads the document: `{ revision or false, definitions as a flat list, versions as a flat list }`.
 * KEYS: definitions hash, versions hash, revision.
 */
export const readFlagsScript = new LuaScript(
  'ballast flags read',
  `
return { redis.call('GET', KEYS[3]), redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]) }
`,
);

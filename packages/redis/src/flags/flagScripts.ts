import { LuaScript } from '../connection/LuaScript.js';

/**
 * Writes (or deletes, when the definition is '') one flag if its version is the expected one,
 * appends the change to the audit list (newest first, 1,000 kept), bumps the document revision
 * and publishes it. When the caller knows a document this Redis no longer has (it lost its
 * data) it answers `{ -2 }` instead, so the caller restores the document before its change
 * rather than starting an empty one. Definitions stay the caller's JSON text: Lua's cjson would turn `[]` into
 * `{}`. A flag's version counter survives its deletion, so a re-created flag never reuses one.
 * KEYS: definitions hash, versions hash, revision, audit list. ARGV: channel, flag key,
 * definition JSON or '', expected version (-1 = any), change JSON, the caller's revision.
 * Returns `{ new version }` (0 when deleting a flag that did not exist), or `{ -1, its version }`.
 */
export const putFlagScript = new LuaScript(
  'ballast flag put',
  `
if tonumber(ARGV[6]) > 0 and redis.call('EXISTS', KEYS[3]) == 0 then return { -2 } end
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

/**
 * Puts a document back into a Redis that lost it, unless one came meanwhile.
 * KEYS: definitions hash, versions hash, revision. ARGV: revision, then per flag its key,
 * definition JSON and version. Returns 1 when restored, 0 when Redis had a document.
 */
export const restoreFlagsScript = new LuaScript(
  'ballast flags restore',
  `
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
for i = 2, #ARGV, 3 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 2])
end
redis.call('SET', KEYS[3], ARGV[1])
return 1
`,
);

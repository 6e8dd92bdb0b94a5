import { LuaScript } from '../connection/LuaScript.js';

/**
 * Grants a lease unless it is held (or its `done` marker is set, for run-once tasks).
 * KEYS: holder, token counter, done marker (may be any unused key). ARGV: owner, ttl ms.
 * Returns `{ token }` when granted (a new, higher fencing token), `{ 0, pttl }` while another
 * holds it, `{ -1 }` when the done marker exists. A missing counter (a fresh Redis, or one that
 * lost its data) starts at the server's clock in ms, so tokens keep growing across a data loss
 * as long as a name was granted less than once per millisecond on average.
 */
export const acquireScript = new LuaScript(
  'ballast lease acquire',
  `
if redis.call('EXISTS', KEYS[3]) == 1 then return { -1 } end
local pttl = redis.call('PTTL', KEYS[1])
if pttl ~= -2 then return { 0, pttl } end
if redis.call('EXISTS', KEYS[2]) == 0 then
  local time = redis.call('TIME')
  redis.call('SET', KEYS[2], tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000))
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], token .. ':' .. ARGV[1], 'PX', ARGV[2])
return { token }
`,
);

/**
 * Acts only while the holder is still `ARGV[1]` (token:owner). KEYS: holder, target.
 * ARGV: holder value, action (`renew` | `release` | `set`), then the action's arguments:
 * renew ttl; set value and ttl (0 = none). Returns 1 when done, 0 when the lease is not held.
 */
export const guardedScript = new LuaScript(
  'ballast lease guarded',
  `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local action = ARGV[2]
if action == 'renew' then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
elseif action == 'release' then
  redis.call('DEL', KEYS[1])
elseif tonumber(ARGV[4]) > 0 then
  redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
else
  redis.call('SET', KEYS[2], ARGV[3])
end
return 1
`,
);

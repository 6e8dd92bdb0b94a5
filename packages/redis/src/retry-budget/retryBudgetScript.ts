import { LuaScript, nowMsLua } from '../connection/LuaScript.js';

/**
 * Adds one instance's calls and retries since its last sync to the current time slot and
 * returns the fleet's totals over the window. Slot keys are `KEYS[1]:<slot number>` (one hash
 * tag, so one Redis node), each expiring once it left the window.
 * KEYS: slot key base. ARGV: slot ms, slots in the window, calls, retries, now (ms, or -1 for
 * the server's time), instance id, member ttl ms.
 * Returns `{ calls, retries, instances }`.
 */
export const retryBudgetScript = new LuaScript(
  'ballast retry budget sync',
  `
local slotMs = tonumber(ARGV[1])
local slots = tonumber(ARGV[2])
${nowMsLua(5)}
local current = math.floor(now / slotMs)
local key = KEYS[1] .. ':' .. current
redis.call('HINCRBY', key, 'c', ARGV[3])
redis.call('HINCRBY', key, 'r', ARGV[4])
redis.call('PEXPIRE', key, slotMs * (slots + 1))
local calls, retries = 0, 0
for i = 0, slots - 1 do
  local counts = redis.call('HMGET', KEYS[1] .. ':' .. (current - i), 'c', 'r')
  calls = calls + (tonumber(counts[1]) or 0)
  retries = retries + (tonumber(counts[2]) or 0)
end
local members = KEYS[1] .. ':members'
redis.call('ZADD', members, now, ARGV[6])
redis.call('ZREMRANGEBYSCORE', members, '-inf', now - tonumber(ARGV[7]))
redis.call('PEXPIRE', members, ARGV[7])
return { calls, retries, redis.call('ZCARD', members) }
`,
);

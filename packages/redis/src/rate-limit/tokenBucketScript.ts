import { LuaScript, nowMsLua } from '../connection/LuaScript.js';

/**
 * The cluster-wide token bucket, one atomic step: refill by elapsed time, grant between `need` and `want` tokens (or none), and note this instance as a member
 * of the limiter. Time is the server's (`TIME`) unless the caller passes one, so the instances'
 * clocks never matter.
 *
 * KEYS: bucket hash, members sorted set.
 * ARGV: tokens per ms, capacity, want, need, now (ms, or -1 for the server's time),
 * instance id, member ttl (ms).
 * Returns `{ granted, milli-tokens left, members }` (Lua numbers reach Redis as integers, so the
 * tokens left come in thousandths); `members` counts the instances seen within the member ttl.
 */
export const tokenBucketScript = new LuaScript(
  'ballast token bucket',
  `
local perMs = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local need = tonumber(ARGV[4])
${nowMsLua(5)}
local state = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(state[1])
local updated = tonumber(state[2])
if tokens == nil or updated == nil then
  tokens = capacity
  updated = now
end
if now > updated then
  tokens = math.min(capacity, tokens + (now - updated) * perMs)
  updated = now
end
local granted = 0
if tokens >= need then
  granted = math.min(want, math.floor(tokens))
  tokens = tokens - granted
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(updated))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / perMs) + 1000)
local memberTtl = tonumber(ARGV[7])
redis.call('ZADD', KEYS[2], now, ARGV[6])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - memberTtl)
redis.call('PEXPIRE', KEYS[2], memberTtl)
return { granted, math.floor(tokens * 1000), redis.call('ZCARD', KEYS[2]) }
`,
);

/** What {@link tokenBucketScript} returns. */
export type TokenBucketReply = [granted: number, milliTokensLeft: number, members: number];

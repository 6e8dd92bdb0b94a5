import { LuaScript } from '../connection/LuaScript.js';

/**
 * Stores an entry and files it under its tags, in one step. KEYS[1] the entry, KEYS[2..] its
 * tag sets; ARGV[1] the encoded entry, ARGV[2] its time to live, ms. A tag set lives as long as
 * its longest-lived entry.
 */
export const setEntryScript = new LuaScript(
  'cache set',
  `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
local ttl = tonumber(ARGV[2])
for i = 2, #KEYS do
  redis.call('SADD', KEYS[i], KEYS[1])
  if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
end
return 1`,
);

/**
 * Removes every entry filed under a tag, and the tag set. KEYS[1] the tag set. Answers how many
 * entries were there. An entry stored again without the tag is still in the set and goes too:
 * a tag over-invalidates (one more miss), never under-invalidates.
 */
export const deleteTagScript = new LuaScript(
  'cache delete tag',
  `
local removed = 0
for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  removed = removed + redis.call('DEL', key)
end
redis.call('DEL', KEYS[1])
return removed`,
);

-- release.lua: ends one call (R13): removes its lease from the account's and the environment's sets, once.
--
-- KEYS[1]  fluents:{account}:plan          sorted set: every lease of the account -> its expiry (ms, server time)
-- KEYS[2]  fluents:{account}:env:<env>     sorted set: the environment's leases
-- ARGV[1]  the lease id
--
-- Reply: { freed, server time in µs }
--   freed  1 when this release freed a live lease; 0 when it was released before or had expired (its place was
--          already free): a second release, a duplicate hang-up webhook, frees nothing.

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local micros = tonumber(time[1]) * 1000000 + tonumber(time[2])

local expiry = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if expiry ~= nil and expiry > now then
  return { 1, micros }
end
return { 0, micros }

-- renew.lua: extends the leases one host holds in one account, in one batch (R30).
--
-- KEYS[1]  fluents:{account}:limits        hash: the account's limits (its expiry is extended too)
-- KEYS[2]  fluents:{account}:plan          sorted set: every lease of the account -> its expiry (ms, server time)
-- KEYS[3…] fluents:{account}:env:<env>     sorted sets: the environments' leases, each once
-- ARGV[1]  the leases' new time to live, ms, counted from the server's TIME
-- ARGV[2]  the lease sets' time to live, ms (past the longest lease)
-- ARGV[3]  the limits' time to live, ms
-- ARGV[4…] per lease, two values: its id, then the index in KEYS of its environment's set
--
-- Reply: the positions (1 for the first lease in ARGV, 2 for the next…) of the leases that were lost.
--
-- A lease whose expiry has passed, or that is gone (released, or dropped by an admission after it expired), is lost:
-- it is reported and never added back, because its place may already belong to another call. Every other lease gets
-- now + the time to live in both sets.

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local expiry = now + tonumber(ARGV[1])

local lost = {}
local position = 0
for i = 4, #ARGV, 2 do
  position = position + 1
  local lease = ARGV[i]
  local environment = KEYS[tonumber(ARGV[i + 1])]
  local held = tonumber(redis.call('ZSCORE', KEYS[2], lease))
  if held ~= nil and held > now then
    redis.call('ZADD', KEYS[2], 'XX', expiry, lease)
    redis.call('ZADD', environment, 'XX', expiry, lease)
  else
    if held ~= nil then
      redis.call('ZREM', KEYS[2], lease)
    end
    redis.call('ZREM', environment, lease)
    lost[#lost + 1] = position
  end
end

for i = 2, #KEYS do
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return lost

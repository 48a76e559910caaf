-- renew.lua: extends the leases one host holds in one account, in one batch (R30).
--
-- KEYS[1]  fluents:{account}:limits   hash: version, plan, e:<environment> limits, c:<environment> calls (see calls.lua)
-- KEYS[2]  fluents:{account}:leases   sorted set: <lease>|<environment> -> the lease's expiry, ms of server time
-- ARGV[1]  the leases' new time to live, ms, counted from the server's TIME
-- ARGV[2]  both keys' time to live, ms (see calls.lua)
-- ARGV[3…] the leases, as the set names them (<lease>|<environment>)
--
-- Reply: the positions (1 for ARGV[3], 2 for ARGV[4]…) of the leases that were lost.
--
-- A lease whose expiry has passed, or that is gone (released, or swept out after it expired), is lost: it is reported and
-- never added back, because its place may already belong to another call. Every other lease gets now + the time to live.

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local expiry = now + tonumber(ARGV[1])

local scores = redis.call('ZMSCORE', KEYS[2], unpack(ARGV, 3))
local renewed, expired, lost, changes = {}, {}, {}, {}
for i = 3, #ARGV do
  local score = scores[i - 2]
  if score and tonumber(score) > now then
    renewed[#renewed + 1] = expiry
    renewed[#renewed + 1] = ARGV[i]
  else
    if score then
      expired[#expired + 1] = ARGV[i]
      local id = string.sub(ARGV[i], 34)
      changes[id] = (changes[id] or 0) - 1
    end
    lost[#lost + 1] = i - 2
  end
end

if #renewed > 0 then redis.call('ZADD', KEYS[2], 'XX', unpack(renewed)) end
if #expired > 0 then redis.call('ZREM', KEYS[2], unpack(expired)) end
for id, change in pairs(changes) do
  redis.call('HINCRBY', KEYS[1], 'c:' .. id, change)
end
if #renewed > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return lost

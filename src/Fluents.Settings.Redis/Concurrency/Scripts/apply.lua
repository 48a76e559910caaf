-- apply.lua: stores an account's limits as saved, unless the stored ones are as new or newer (R13, R30).
--
-- KEYS[1]  fluents:{account}:limits   hash: version, plan, e:<environment> limits, c:<environment> calls (see calls.lua)
-- KEYS[2]  fluents:{account}:leases   sorted set: the account's leases (only its time to live changes)
-- ARGV[1]  the account version of the allocation
-- ARGV[2]  the plan limit
-- ARGV[3]  both keys' time to live, ms (see calls.lua)
-- ARGV[4]  how many deleted environments to remember (their refusals say "deleted")
-- ARGV[5…] per environment, two values: its id, then its Max Concurrent Calls
--
-- Reply: { applied, server time in µs }
--   applied  1 applied; 0 ignored, because the stored version is this one or newer (hosts apply in any order)
--
-- Only limits change: the leases and the calls they count (c:…) are untouched, so lowering a limit never cuts a call;
-- admissions are refused until fewer calls than the new limit run. An environment missing from the allocation is kept
-- as deleted (a negative limit: minus the version that deleted it), the newest ARGV[4] of them.

local time = redis.call('TIME')
local micros = tonumber(time[1]) * 1000000 + tonumber(time[2])
local version = tonumber(ARGV[1])
local stored = tonumber(redis.call('HGET', KEYS[1], 'version'))
if stored ~= nil and stored >= version then
  return { 0, micros }
end

local live = {}
for i = 5, #ARGV, 2 do
  live['e:' .. ARGV[i]] = true
end

local deleted = {}
local old = redis.call('HGETALL', KEYS[1])
for i = 1, #old, 2 do
  local field = old[i]
  if string.sub(field, 1, 2) == 'e:' and not live[field] then
    local limit = tonumber(old[i + 1])
    deleted[#deleted + 1] = { field, limit >= 0 and version or -limit }
  end
end
table.sort(deleted, function(a, b)
  if a[2] ~= b[2] then return a[2] > b[2] end
  return a[1] < b[1]
end)

local fields = { 'version', ARGV[1], 'plan', ARGV[2] }
local function flush(command)
  if #fields > 0 then redis.call(command, KEYS[1], unpack(fields)) end
  fields = {}
end
for i = 5, #ARGV, 2 do
  fields[#fields + 1] = 'e:' .. ARGV[i]
  fields[#fields + 1] = ARGV[i + 1]
  if #fields >= 1000 then flush('HSET') end
end
for i = 1, math.min(#deleted, tonumber(ARGV[4])) do
  fields[#fields + 1] = deleted[i][1]
  fields[#fields + 1] = -deleted[i][2]
  if #fields >= 1000 then flush('HSET') end
end
flush('HSET')
for i = tonumber(ARGV[4]) + 1, #deleted do
  fields[#fields + 1] = deleted[i][1]
  if #fields >= 1000 then flush('HDEL') end
end
flush('HDEL')
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return { 1, micros }

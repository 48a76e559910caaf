-- headroom.lua: reads an account's calls in flight and limits, for the plan and every environment (R13). Writes nothing.
--
-- KEYS[1]  fluents:{account}:limits   hash: version, plan, e:<environment> limits, c:<environment> calls (see calls.lua)
-- KEYS[2]  fluents:{account}:leases   sorted set: <lease>|<environment> -> the lease's expiry, ms of server time
--
-- Reply: { plan limit, account's calls, then per environment four values: its id, state, limit, calls }
--   plan limit -1: no limits stored for the account (nothing follows)
--   state       1 live, 2 deleted (limit 0)
-- Calls are the leases whose expiry has not passed (server time), expired ones not swept yet left out.

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local plan = nil
local limits, calls = {}, {}
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local field, value = fields[i], tonumber(fields[i + 1])
  local kind = string.sub(field, 1, 2)
  if field == 'plan' then
    plan = value
  elseif kind == 'e:' then
    limits[string.sub(field, 3)] = value
  elseif kind == 'c:' then
    calls[string.sub(field, 3)] = value
  end
end
if plan == nil then
  return { -1 }
end

for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do
  local id = string.sub(member, 34)
  calls[id] = (calls[id] or 0) - 1
end

local reply = { plan, redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf') }
for id, limit in pairs(limits) do
  reply[#reply + 1] = id
  reply[#reply + 1] = limit < 0 and 2 or 1
  reply[#reply + 1] = math.max(limit, 0)
  reply[#reply + 1] = calls[id] or 0
end
return reply

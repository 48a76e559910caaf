-- headroom.lua: reads calls in flight and limits, for the plan and some environments (R13). Writes nothing.
--
-- KEYS[1]  fluents:{account}:limits        hash: version, plan, e:<environment> -> Max Concurrent Calls
-- KEYS[2]  fluents:{account}:plan          sorted set: every lease of the account -> its expiry (ms, server time)
-- KEYS[3…] fluents:{account}:env:<env>     sorted sets: the environments' leases
-- ARGV[1…] the environments' fields in KEYS[1] (e:<environment id>), in the order of KEYS[3…]
--
-- Reply: { plan limit, account's calls, then per environment: state, limit, calls }
--   plan limit -1: no limits stored for the account (nothing else follows)
--   state       0 unknown, 1 live, 2 deleted (limit 0)
-- Calls are the leases whose expiry has not passed (server time).

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local live = '(' .. now

local plan = tonumber(redis.call('HGET', KEYS[1], 'plan'))
if plan == nil then
  return { -1 }
end

local reply = { plan, redis.call('ZCOUNT', KEYS[2], live, '+inf') }
for i = 3, #KEYS do
  local limit = tonumber(redis.call('HGET', KEYS[1], ARGV[i - 2]))
  local calls = redis.call('ZCOUNT', KEYS[i], live, '+inf')
  if limit == nil then
    reply[#reply + 1] = 0
    reply[#reply + 1] = 0
  elseif limit < 0 then
    reply[#reply + 1] = 2
    reply[#reply + 1] = 0
  else
    reply[#reply + 1] = 1
    reply[#reply + 1] = limit
  end
  reply[#reply + 1] = calls
end
return reply

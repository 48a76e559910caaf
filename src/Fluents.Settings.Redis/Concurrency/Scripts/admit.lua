-- admit.lua: admits one call if its environment and its account both have room (R13, R30), in one atomic step.
--
-- KEYS[1]  fluents:{account}:limits        hash: version, plan, e:<environment> -> Max Concurrent Calls
--                                          (a negative value: the environment was deleted at that account version)
-- KEYS[2]  fluents:{account}:plan          sorted set: every lease of the account -> its expiry (ms, server time)
-- KEYS[3]  fluents:{account}:env:<env>     sorted set: the environment's leases -> the same expiry
--          One hash tag per account ({account}), so that the three keys share one slot of a Redis Cluster.
-- ARGV[1]  the environment's field in KEYS[1]: e:<environment id>
-- ARGV[2]  the lease id
-- ARGV[3]  the lease's time to live, ms
-- ARGV[4]  the lease sets' time to live, ms (past the longest lease)
-- ARGV[5]  1 when the caller named the lease id (a retry may find it held already), else 0
--
-- Reply: { outcome, environment's calls, environment's limit, account's calls, plan limit, server time in µs }
--   outcome  0 admitted: the lease is in both sets (the counts include it)
--            1 already held: a retried admission of a live lease, counted once
--            2 the environment is at capacity       3 the plan is at capacity
--            4 unknown environment                  5 deleted environment
--           -1 no limits stored for the account: load them, apply, admit again
--
-- Times are the server's (TIME), never a host's: clock skew between hosts changes nothing. Leases whose expiry has
-- passed are dropped before counting: a dead host's calls free their places after the time to live, never before.

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local micros = tonumber(time[1]) * 1000000 + tonumber(time[2])

local limits = redis.call('HMGET', KEYS[1], 'plan', ARGV[1])
local plan = tonumber(limits[1])
if plan == nil then
  return { -1, 0, 0, 0, 0, micros }
end

redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local planCalls = redis.call('ZCARD', KEYS[2])
local environmentCalls = redis.call('ZCARD', KEYS[3])
local limit = tonumber(limits[2])

if ARGV[5] == '1' and redis.call('ZSCORE', KEYS[2], ARGV[2]) then
  return { 1, environmentCalls, math.max(limit or 0, 0), planCalls, plan, micros }
end
if limit == nil then
  return { 4, environmentCalls, 0, planCalls, plan, micros }
end
if limit < 0 then
  return { 5, environmentCalls, 0, planCalls, plan, micros }
end
if environmentCalls >= limit then
  return { 2, environmentCalls, limit, planCalls, plan, micros }
end
if planCalls >= plan then
  return { 3, environmentCalls, limit, planCalls, plan, micros }
end

local expiry = now + tonumber(ARGV[3])
redis.call('ZADD', KEYS[2], expiry, ARGV[2])
redis.call('ZADD', KEYS[3], expiry, ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('PEXPIRE', KEYS[3], ARGV[4])
return { 0, environmentCalls + 1, limit, planCalls + 1, plan, micros }

-- calls.lua: admits and releases calls of one account (R13, R30), in order, in one atomic step. One call per operation
-- while the account is quiet; while a batch is on its way, the account's next operations wait and go together in one.
--
-- KEYS[1]  fluents:{account}:limits   hash: version, plan             the account version and the plan limit P
--                                           e:<environment>           its Max Concurrent Calls (negative: deleted at
--                                                                     that account version)
--                                           c:<environment>           its calls: the leases below that name it
--                                                                     (swept ones included until they are swept)
-- KEYS[2]  fluents:{account}:leases   sorted set: <lease>|<environment> -> the lease's expiry, ms of server time
--          One hash tag per account ({account}): both keys live in one slot of a Redis Cluster.
-- ARGV[1]  a lease's time to live, ms
-- ARGV[2]  both keys' time to live, ms: past the longest lease, and how long an idle account's keys stay. Both keys
--          always get it together, so the counts (c:…) never outlive the leases they count.
-- ARGV[3…] per operation, three values: its kind, the environment id, the lease id
--            kind  a  admit a new lease        n  admit a lease the caller named (a retry finds it held)
--                  r  release a lease
--
-- Reply: { server time in µs, then per operation five integers }
--   admit    { outcome, environment's calls, environment's limit, account's calls, plan limit }
--            outcome  0 admitted (the counts include it)    1 already held: a retry, counted once
--                     2 environment at capacity             3 plan at capacity
--                     4 unknown environment                 5 deleted environment
--                    -1 no limits stored: load them, apply, and admit again
--   release  { 1 when this release freed a live lease, else 0 (released before, or expired: its place was free), 0, 0, 0, 0 }
--
-- Times are the server's (TIME), never a host's: clock skew between hosts changes nothing. A lease whose expiry has
-- passed holds no place: a dead host's calls free theirs after the time to live, never before. Expired leases are swept
-- out (and their environments' counts lowered) only when they could change an answer: a refusal, an unknown environment.

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local micros = tonumber(time[1]) * 1000000 + tonumber(time[2])
local expiry = now + tonumber(ARGV[1])

-- The plan and the account's calls, read when an admission first needs them (a batch of releases does not).
local plan, planCalls, removedBefore = nil, nil, 0
local function readPlan()
  if planCalls == nil then
    plan = tonumber(redis.call('HGET', KEYS[1], 'plan'))
    planCalls = redis.call('ZCARD', KEYS[2]) - removedBefore -- the set changes at the end: leave out what left it already
  end
end

-- Each operation's lease, as the set names it, and what the set holds of it now (its expiry, or nothing).
local count = (#ARGV - 2) / 3
local members = {}
local wanted = {}
for i = 1, count do
  local base = 3 * i
  members[i] = ARGV[base + 2] .. '|' .. ARGV[base + 1]
  if ARGV[base] ~= 'a' then wanted[#wanted + 1] = members[i] end
end
local held = {}
if #wanted > 0 then
  local scores = redis.call('ZMSCORE', KEYS[2], unpack(wanted))
  for i = 1, #wanted do
    if scores[i] then held[wanted[i]] = tonumber(scores[i]) end
  end
end

-- The environments this batch touches: their limits and counts, read once when an admission needs them (a release
-- only changes a count); the changes are written once at the end.
local environments, changes = {}, {}
local function environment(id)
  local e = environments[id]
  if e == nil then
    local values = redis.call('HMGET', KEYS[1], 'e:' .. id, 'c:' .. id)
    e = { limit = tonumber(values[1]), calls = (tonumber(values[2]) or 0) + (changes[id] or 0) }
    environments[id] = e
  end
  return e
end
local function change(id, by)
  changes[id] = (changes[id] or 0) + by
  local e = environments[id]
  if e then e.calls = e.calls + by end
end

-- added: member -> expiry, for the leases this batch takes; a lease taken and then released in the same batch is
-- dropped from it again, so that the set ends as the operations left it, in order.
local added, removed, adding = {}, {}, false
local function remove(member, id)
  removed[#removed + 1] = member
  added[member] = nil
  change(id, -1)
  if planCalls == nil then removedBefore = removedBefore + 1 else planCalls = planCalls - 1 end
end

local swept = false
local function sweep()
  if swept then return end
  swept = true
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do
    if held[member] ~= false then
      remove(member, string.sub(member, 34))
      held[member] = false
    end
  end
end

local reply = { micros }
local function answer(a, b, c, d, e)
  reply[#reply + 1] = a
  reply[#reply + 1] = b
  reply[#reply + 1] = c
  reply[#reply + 1] = d
  reply[#reply + 1] = e
end

for i = 1, count do
  local base = 3 * i
  local kind, id, member = ARGV[base], ARGV[base + 1], members[i]
  local score = held[member]
  if kind ~= 'r' then readPlan() end
  if kind == 'r' then
    if score then
      remove(member, id)
      held[member] = false
      answer(score > now and 1 or 0, 0, 0, 0, 0)
    else
      answer(0, 0, 0, 0, 0)
    end
  elseif plan == nil then
    answer(-1, 0, 0, 0, 0)
  elseif kind == 'n' and score and score > now then
    local e = environment(id)
    answer(1, e.calls, math.max(e.limit or 0, 0), planCalls, plan)
  else
    if score then sweep() end -- a named lease that expired: swept out, then admitted as new
    local e = environment(id)
    if e.limit == nil or e.limit < 0 or e.calls >= e.limit or planCalls >= plan then
      sweep() -- the counts include expired leases: judge again by the live ones
    end
    if e.limit == nil then
      answer(4, e.calls, 0, planCalls, plan)
    elseif e.limit < 0 then
      answer(5, e.calls, 0, planCalls, plan)
    elseif e.calls >= e.limit then
      answer(2, e.calls, e.limit, planCalls, plan)
    elseif planCalls >= plan then
      answer(3, e.calls, e.limit, planCalls, plan)
    else
      added[member] = expiry
      adding = true
      held[member] = expiry
      change(id, 1)
      planCalls = planCalls + 1
      answer(0, e.calls, e.limit, planCalls, plan)
    end
  end
end

if #removed > 0 then redis.call('ZREM', KEYS[2], unpack(removed)) end
local scored = {}
for member, at in pairs(added) do
  scored[#scored + 1] = at
  scored[#scored + 1] = member
end
if #scored > 0 then redis.call('ZADD', KEYS[2], unpack(scored)) end
for id, by in pairs(changes) do
  if by ~= 0 then redis.call('HINCRBY', KEYS[1], 'c:' .. id, by) end
end
if adding then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return reply

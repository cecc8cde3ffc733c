-- wrk script for the clients the mix-under-abuse scenario adds beside the polite users.
-- Env ABUSER:
--   greedy   one token (greedy-1) asking, request after request, for 20 topics nobody has read;
--   invented a new made-up token (invented-<thread>-<n>) for every request, each for an unread topic
--            (the fake refuses every invented- token, as V2EX refuses a token it never issued).
-- Responses are counted by outcome and summed in done() as one BENCH_JSON line.

local KIND = os.getenv("ABUSER") or "greedy"

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0) * 7919)
  n, ok, rate_limited, unauthenticated, other = 0, 0, 0, 0, 0
end

local function unread_id()
  return math.random(200000, 899999) -- the fake has no such topic: each one is a call upstream
end

function request()
  n = n + 1
  local token, query
  if KIND == "invented" then
    token = "invented-" .. (id or 0) .. "-" .. n
    query = string.format('{ topic(id: \\"%d\\") { title } }', unread_id())
  else
    token = "greedy-1"
    local ids = {}
    for i = 1, 20 do ids[i] = string.format('\\"%d\\"', unread_id()) end
    query = "{ topics(ids: [" .. table.concat(ids, ", ") .. "]) { id } }"
  end
  return wrk.format("POST", "/graphql",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token },
    '{"query":"' .. query .. '"}')
end

function response(status, headers, body)
  if status == 200 and not string.find(body, '"errors"', 1, true) then ok = ok + 1
  elseif string.find(body, "RATE_LIMITED", 1, true) then rate_limited = rate_limited + 1
  elseif string.find(body, "UNAUTHENTICATED", 1, true) then unauthenticated = unauthenticated + 1
  else other = other + 1 end
end

local COUNTERS = { "ok", "rate_limited", "unauthenticated", "other" }

function done(summary, latency, requests)
  local parts = {}
  for _, k in ipairs(COUNTERS) do
    local sum = 0
    for _, t in ipairs(threads) do sum = sum + (t:get(k) or 0) end
    table.insert(parts, string.format('"%s":%d', k, sum))
  end
  io.write(string.format('BENCH_JSON {"kind":"%s","requests":%d,%s}\n', KIND, summary.requests, table.concat(parts, ",")))
end

-- wrk script for the mix scenario: many simulated users (distinct tokens) reading topics and nodes
-- with a Zipf-like popularity (weight 1/rank), plus a few private queries.
-- Env: MIX_USERS (default 2000), MIX_PRIVATE_PCT (default 5), MIX_NODE_PCT (default 20, of all), MIX_DELAY_MS.
-- Every response is checked: non-200 statuses, responses carrying GraphQL "errors" (and which
-- codes), and responses served from stale cache entries are counted per thread and summed in done().

local USERS = tonumber(os.getenv("MIX_USERS") or "2000")
local PRIVATE_PCT = tonumber(os.getenv("MIX_PRIVATE_PCT") or "5")
local NODE_PCT = tonumber(os.getenv("MIX_NODE_PCT") or "20")
-- MIX_DELAY_MS (default 0: as fast as the service answers): a pause before each request of a
-- connection, so the users' load is a fixed rate whatever else the machine is doing.
local DELAY_MS = tonumber(os.getenv("MIX_DELAY_MS") or "0")
if DELAY_MS > 0 then
  function delay() return DELAY_MS end
end

local FIRST_TOPIC, LAST_TOPIC = 1000, 1165
local NODES = { "python", "programmer", "apple", "qna", "v2ex" }

local TOPIC_Q = '{"query":"{ topic(id: \\"%d\\") { title author { username } replies(page: 1) { items { content author { username } } } } }"}'
local NODE_Q = '{"query":"{ node(name: \\"%s\\") { title topicCount topics(page: %d) { items { id title author { username } } } } }"}'
local PRIVATE_Q = '{"query":"{ viewer { member { username } notifications { items { id } } } }"}'

-- Cumulative 1/rank weights; rank r of the topics is id FIRST_TOPIC + r - 1.
local function zipf_table(n)
  local cum, total = {}, 0
  for r = 1, n do total = total + 1 / r; cum[r] = total end
  for r = 1, n do cum[r] = cum[r] / total end
  return cum
end
local function zipf_pick(cum)
  local u, lo, hi = math.random(), 1, #cum
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cum[mid] < u then lo = mid + 1 else hi = mid end
  end
  return lo
end

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local topic_cum, node_cum
function init(args)
  math.randomseed(os.time() * 1000 + (id or 0) * 7919)
  topic_cum = zipf_table(LAST_TOPIC - FIRST_TOPIC + 1)
  node_cum = zipf_table(#NODES)
  sent_topic, sent_node, sent_private = 0, 0, 0
  ok, non200, gql_errors, rate_limited, unavailable, unauthenticated, other_errors, stale = 0, 0, 0, 0, 0, 0, 0, 0
end

function request()
  local token = "user-" .. math.random(1, USERS)
  local roll = math.random() * 100
  local body
  if roll < PRIVATE_PCT then
    sent_private = sent_private + 1
    body = PRIVATE_Q
  elseif roll < PRIVATE_PCT + NODE_PCT then
    sent_node = sent_node + 1
    -- mostly the first page of a node, sometimes the second
    body = string.format(NODE_Q, NODES[zipf_pick(node_cum)], math.random() < 0.8 and 1 or 2)
  else
    sent_topic = sent_topic + 1
    body = string.format(TOPIC_Q, FIRST_TOPIC + zipf_pick(topic_cum) - 1)
  end
  return wrk.format("POST", "/graphql",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1; return end
  if string.find(body, '"errors"', 1, true) then
    gql_errors = gql_errors + 1
    if string.find(body, "RATE_LIMITED", 1, true) then rate_limited = rate_limited + 1
    elseif string.find(body, "UPSTREAM_UNAVAILABLE", 1, true) then unavailable = unavailable + 1
    elseif string.find(body, "UNAUTHENTICATED", 1, true) then unauthenticated = unauthenticated + 1
    else other_errors = other_errors + 1 end
  else
    ok = ok + 1
  end
  if string.find(body, '"stale"', 1, true) then stale = stale + 1 end
end

local COUNTERS = { "sent_topic", "sent_node", "sent_private", "ok", "non200", "gql_errors",
  "rate_limited", "unavailable", "unauthenticated", "other_errors", "stale" }

function done(summary, latency, requests)
  local sums = {}
  for _, k in ipairs(COUNTERS) do sums[k] = 0 end
  for _, t in ipairs(threads) do
    for _, k in ipairs(COUNTERS) do sums[k] = sums[k] + (t:get(k) or 0) end
  end
  local e = summary.errors
  local parts = {}
  for _, k in ipairs(COUNTERS) do table.insert(parts, string.format('"%s":%d', k, sums[k])) end
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"rps":%.1f,' ..
    '"latency_us":{"mean":%.1f,"p50":%d,"p99":%d,"p999":%d,"max":%d},' ..
    '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"wrk_status_errors":%d,%s}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency.mean, latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status, table.concat(parts, ",")))
end

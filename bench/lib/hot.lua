-- wrk script for the hot scenario (and the baseline): POSTs one fixed GraphQL body with a token.
-- Env: BENCH_BODY_FILE (the JSON request body), BENCH_TOKEN (bearer token),
--      BENCH_CHECK=1 to look into every response (HTTP status, GraphQL "errors", stale marks).
--      The check costs the load generator a little CPU; bench/run uses it for the service only,
--      so the baseline's ceiling is measured with the leanest client.
-- done() prints one line "BENCH_JSON {...}" with the numbers bench/run collects (latencies in µs).

local f = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "demo-token-alice")

local CHECK = os.getenv("BENCH_CHECK") == "1"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non200, gql_errors, stale = 0, 0, 0 end

if CHECK then
  function response(status, headers, body)
    if status ~= 200 then non200 = non200 + 1; return end
    if string.find(body, '"errors"', 1, true) then gql_errors = gql_errors + 1 end
    if string.find(body, '"stale"', 1, true) then stale = stale + 1 end
  end
end

function done(summary, latency, requests)
  local n, g, s = 0, 0, 0
  for _, t in ipairs(threads) do
    n = n + (t:get("non200") or 0); g = g + (t:get("gql_errors") or 0); s = s + (t:get("stale") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"rps":%.1f,"bytes":%d,' ..
    '"latency_us":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d},' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d},' ..
    '"checked":%s,"non_200":%d,"graphql_errors":%d,"stale":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6), summary.bytes,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status, tostring(CHECK), n, g, s))
end

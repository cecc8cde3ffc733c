-- wrk script for the JIT warm-up of the cache-miss path: every request carries a token no other
-- request (and no scenario) uses, so the viewer's member and notifications miss every cache and go
-- upstream: the code of a miss (upstream client, decoding, cache writes, locks, quota) gets
-- compiled before the cold fan-out measures upstream waves. Tokens: "warmup-<thread>-<n>".
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"query":"{ viewer { member { username } notifications { items { id } } } }"}'

function request()
  n = n + 1
  wrk.headers["Authorization"] = "Bearer warmup-" .. id .. "-" .. n
  return wrk.format()
end

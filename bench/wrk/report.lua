-- Shared by every benchmark script: the bearer token, a count of 503 "service busy" answers
-- (back-pressure, told apart from errors) and a done() hook that prints one machine-readable
-- line for bench/run.py (wrk's text has no p95 and no count per status).
local token = os.getenv("BENCH_TOKEN") or ""
if token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
wrk.headers["Accept"] = "application/json"

-- Each wrk thread runs its own copy of this script: busy is per thread, summed in done().
local threads = {}
busy = 0

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status == 503 then
    busy = busy + 1
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local busy_total = 0
  for _, thread in ipairs(threads) do
    busy_total = busy_total + thread:get("busy")
  end
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d"
      .. " busy=%d p50_us=%d p90_us=%d p95_us=%d p99_us=%d max_us=%d mean_us=%.1f\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, busy_total, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end

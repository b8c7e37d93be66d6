-- wrk script for `make loadtest` (followup/benchmarking/loadtest.py).
-- Arguments after `--`: a file with one URL path per line. Each request picks the next path of a
-- shuffled list (the same order every run), so that one path or a mix of many is measured alike.
-- At the end it prints one JSON line: requests/s, latency percentiles and every kind of error.

local paths = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  math.randomseed(14)
  for i = #paths, 2, -1 do
    local j = math.random(i)
    paths[i], paths[j] = paths[j], paths[i]
  end
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter - 1) % #paths + 1])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "rps": %.2f, "bytes": %d, "p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end

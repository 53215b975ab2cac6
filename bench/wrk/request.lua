-- One wrk script for every path of bench/load.sh, driven by environment variables:
--   TOKEN      bearer token (none: anonymous)
--   METHOD     GET (default) or POST;  BODY  a request body (JSON), "{today}" replaced by today's date
--   IDS        "first-last" or "a,b,c": "__ID__" in the path is replaced by an id drawn from them for each request
--   DAYS       N: "__DATE__" in the path is replaced by a date up to N days back, a new computation each time
-- done() prints one machine-readable line: RESULT <req/s> <p50 ms> <p95 ms> <p99 ms> <errors> <requests>.
local token = os.getenv("TOKEN")
local method = os.getenv("METHOD") or "GET"
local body = os.getenv("BODY")
local ids = os.getenv("IDS") or ""
local first, last = ids:match("^(%d+)-(%d+)$")
first, last = tonumber(first), tonumber(last)
local days = tonumber(os.getenv("DAYS") or "")
local list = {}
for id in ids:gmatch("%d+") do list[#list + 1] = id end

init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

request = function()
  local headers = { ["Accept"] = "application/json" }
  if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
  local payload = nil
  if body and body ~= "" then
    headers["Content-Type"] = "application/json"
    payload = body:gsub("{today}", os.date("%Y-%m-%d"))
  end
  local path = wrk.path
  if first then
    path = path:gsub("__ID__", tostring(math.random(first, last)))
  elseif #list > 0 then
    path = path:gsub("__ID__", list[math.random(1, #list)])
  end
  if days then path = path:gsub("__DATE__", os.date("%Y-%m-%d", os.time() - 86400 * math.random(0, days))) end
  return wrk.format(method, path, headers, payload)
end

done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("RESULT %.1f %.1f %.1f %.1f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors, summary.requests))
end

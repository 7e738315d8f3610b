-- wrk script for bench/surge.py: a mix of what a surge asks for, and a tally of statuses.
--   wrk ... -s bench/surge.lua <url> -- <mode> <static css url> <static js url> <htmx url>
-- mode "mix": route steps, htmx steps, the partners page and search, the API, static files;
-- mode "one": only the URL given to wrk (wrk's own path), with the tally; "plain": the same
-- without asking for gzip. Otherwise every request asks for gzip, as phones do.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local mix = {}
local n = 0

local function add(path, headers, times)
  for _ = 1, times do
    table.insert(mix, wrk.format("GET", path, headers))
  end
end

function init(args)
  statuses = {}
  local mode, css, js = args[1] or "one", args[2], args[3]
  local plain = { ["Accept-Encoding"] = "gzip" }
  if mode == "plain" then
    plain = {}
  end
  local htmx = { ["Accept-Encoding"] = "gzip", ["HX-Request"] = "true",
                 ["HX-Target"] = "current", ["HX-Current-URL"] = "https://x/nl/" }
  if mode == "mix" then
    -- Per 20 requests: 7 route steps, 5 htmx steps, 2 partners, 2 API, 4 static files.
    for _, path in ipairs({ "/nl/", "/nl/direct", "/nl/direct/huis-uit", "/en/binnenkort/schulden",
                            "/ar/direct/beslag", "/nl/binnenkort", "/en/direct/afgesloten" }) do
      add(path, plain, 1)
    end
    for _, path in ipairs({ "/nl/direct", "/nl/direct/huis-uit", "/en/binnenkort",
                            "/ar/direct/deurwaarder", "/nl/binnenkort/stress" }) do
      add(path, htmx, 1)
    end
    add("/nl/partners", plain, 1)
    add("/nl/partners?q=schuld", plain, 1)
    add("/api/v1/organisations", plain, 1)
    add("/api/v1/routes", plain, 1)
    add(css, plain, 2)
    add(js, plain, 1)
    add(args[4], plain, 1)
  else
    add(wrk.path, plain, 1)
  end
  n = math.random(#mix)
end

function request()
  n = n % #mix + 1
  return mix[n]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[tostring(status)] = (total[tostring(status)] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(total) do
    table.insert(parts, string.format('"%s": %d', status, count))
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p99_ms": %.3f, ' ..
    '"socket_errors": %d, "timeouts": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(99) / 1e3, e.connect + e.read + e.write, e.timeout,
    table.concat(parts, ", ")))
end

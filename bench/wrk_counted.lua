-- wrk script for the reach-count checks (tests/test_counting_workers.py, bench/counting.py).
--
--   wrk -t2 -c16 -d6s -s bench/wrk_counted.lua URL -- PATH[,PATH…] COUNTED_SECONDS [VERSION [fresh]]
--
-- For COUNTED_SECONDS every request is a resident's visit to PATH (a phone's user agent;
-- with several paths, one after the other);
-- after that, until wrk stops, every request is for a page the site never counts (its
-- security.txt, plain text). wrk abandons the requests in flight when its time is up; this way those are
-- never visits, so the visits wrk sent are exactly the visits it saw answered, and the site's
-- counted total must equal that number. With VERSION, the visits answered with another
-- X-Content-Version are counted too ("other versions"), and requests that failed or got another
-- status than 200 ("failed"), also after the visits. With "fresh" (VERSION may be "-"), every
-- other visit carries a query string of its own, so a cache in front cannot answer it: the app
-- servers get a share of the load too.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("number", #threads)
end

local PHONE = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
  .. "Chrome/120.0.0.0 Mobile Safari/537.36"

function init(args)
  paths = {}
  for p in string.gmatch(args[1], "[^,]+") do
    table.insert(paths, p)
  end
  deadline = os.time() + tonumber(args[2])
  version = args[3]
  if version == "-" then
    version = nil
  end
  fresh = args[4] == "fresh"
  sent, answered, tail, other, failed = 0, 0, 0, 0, 0
  if number == 1 then
    -- wrk calls the first thread's request() once before the run to check the request it
    -- makes (script_verify_request); that one is never sent.
    sent = -1
  end
  visits = {}
  for i, p in ipairs(paths) do
    visits[i] = wrk.format("GET", p, {["User-Agent"] = PHONE, ["Accept-Encoding"] = "gzip"})
  end
  uncounted = wrk.format("GET", "/.well-known/security.txt", {["User-Agent"] = PHONE})
end

function request()
  if os.time() < deadline then
    sent = sent + 1
    if fresh and sent % 2 == 0 then
      local p = paths[(sent / 2 % #paths) + 1]
      local q = string.format("?r=%d-%d", number, sent)
      return wrk.format("GET", p .. q, {["User-Agent"] = PHONE, ["Accept-Encoding"] = "gzip"})
    end
    return visits[(sent % #visits) + 1]
  end
  tail = tail + 1
  return uncounted
end

-- A visit's answer is the HTML page; the uncounted page is plain text.
function response(status, headers, body)
  local kind = headers["Content-Type"] or ""
  if status == 200 and string.find(kind, "text/html", 1, true) then
    answered = answered + 1
    if version and headers["X-Content-Version"] ~= version then
      other = other + 1
    end
  end
  if status ~= 200 then
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local s, a, o, f = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("sent")
    a = a + t:get("answered")
    o = o + t:get("other")
    f = f + t:get("failed")
  end
  io.write(string.format("visits sent: %d\nvisits answered: %d\n", s, a))
  io.write(string.format("other versions: %d\nfailed: %d\n", o, f))
end

-- wrk script for the reach-count checks (tests/test_counting_workers.py, bench/counting.py).
--
--   wrk -t2 -c16 -d6s -s bench/wrk_counted.lua URL -- PATH COUNTED_SECONDS
--
-- For COUNTED_SECONDS every request is a resident's visit to PATH (a phone's user agent);
-- after that, until wrk stops, every request is for a page the site never counts (its
-- security.txt, plain text). wrk abandons the requests in flight when its time is up; this way those are
-- never visits, so the visits wrk sent are exactly the visits it saw answered, and the site's
-- counted total must equal that number.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("number", #threads)
end

local PHONE = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
  .. "Chrome/120.0.0.0 Mobile Safari/537.36"

function init(args)
  path = args[1]
  deadline = os.time() + tonumber(args[2])
  sent, answered, tail = 0, 0, 0
  if number == 1 then
    -- wrk calls the first thread's request() once before the run to check the request it
    -- makes (script_verify_request); that one is never sent.
    sent = -1
  end
  visit = wrk.format("GET", path, {["User-Agent"] = PHONE, ["Accept-Encoding"] = "gzip"})
  other = wrk.format("GET", "/.well-known/security.txt", {["User-Agent"] = PHONE})
end

function request()
  if os.time() < deadline then
    sent = sent + 1
    return visit
  end
  tail = tail + 1
  return other
end

-- A visit's answer is the HTML page; the uncounted page is plain text.
function response(status, headers, body)
  local kind = headers["Content-Type"] or ""
  if status == 200 and string.find(kind, "text/html", 1, true) then
    answered = answered + 1
  end
end

function done(summary, latency, requests)
  local s, a = 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("sent")
    a = a + t:get("answered")
  end
  io.write(string.format("visits sent: %d\nvisits answered: %d\n", s, a))
end

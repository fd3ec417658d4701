-- wrk script for draft autosave. Run with as many threads as connections
-- (-t32 -c32): each thread is then one entrant on one connection, saving one
-- draft after another, each carrying the version the last save returned,
-- exactly as the entry page's autosave does. BENCH_ENTRANTS names a file with
-- one entrant a line: entry id, session key, CSRF token, version, answer keys.
-- BENCH_PAUSE_MS: the mean pause between one entrant's saves (0: none).

local lines = nil
local threads = {}

function setup(thread)
  if lines == nil then
    lines = {}
    for line in io.lines(os.getenv("BENCH_ENTRANTS")) do
      table.insert(lines, line)
    end
  end
  table.insert(threads, thread)
  thread:set("line", lines[#threads])
end

-- ~200 words of text in each answer, as a long draft would have.
local filler = string.rep("the partnership cut waiting times for patients ", 28)

local pause = tonumber(os.getenv("BENCH_PAUSE_MS") or "0")

function delay()
  -- Between half and one and a half times the mean: entrants out of step.
  if pause == 0 then
    return 0
  end
  return math.random(math.floor(pause / 2), math.floor(pause * 3 / 2))
end

function init(args)
  local fields = {}
  for field in string.gmatch(line, "[^\t]+") do
    table.insert(fields, field)
  end
  entry, version = fields[1], tonumber(fields[4])
  math.randomseed(tonumber(entry))
  keys = {}
  for key in string.gmatch(fields[5], "[^,]+") do
    table.insert(keys, key)
  end
  sent, acked, failed = 0, 0, 0
  wrk.method = "POST"
  wrk.path = "/entries/" .. entry .. "/autosave/"
  wrk.headers["Cookie"] = "sessionid=" .. fields[2] .. "; csrftoken=" .. fields[3]
  wrk.headers["X-CSRFToken"] = fields[3]
  wrk.headers["Accept"] = "application/json"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  -- Save number n follows the last one acknowledged (wrk also calls this once
  -- to check the script, so counting calls would be one off).
  sent = acked + 1
  local text = string.gsub(
    string.format("entrant %s save %d. %s", entry, sent, filler), " ", "+")
  local parts = { "version=" .. version }
  for _, key in ipairs(keys) do
    table.insert(parts, key .. "=" .. text)
  end
  return wrk.format(nil, nil, nil, table.concat(parts, "&"))
end

function response(status, headers, body)
  local saved = status == 200 and tonumber(string.match(body, '"version": *(%d+)'))
  if saved then
    version, acked = saved, sent
  else
    failed = failed + 1
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local entrants = {}
  for _, thread in ipairs(threads) do
    table.insert(entrants, string.format(
      '{"entry": %s, "sent": %d, "acked": %d, "failed": %d}',
      thread:get("entry"), thread:get("sent"), thread:get("acked"),
      thread:get("failed")))
  end
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"errors": %d, "bad_status": %d, "entrants": [%s]}\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status,
    table.concat(entrants, ", ")))
end

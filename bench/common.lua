-- Shared machinery for every wrk scenario of ./flashcart bench. A scenario file defines the global table S
-- and then loads this file:
--
--   S = { init = fn(), next = fn() -> request string, on_response = fn(status, body), more = fn() -> bool }
--
-- * next() builds the next request (wrk.format); on_response() sees every answer (status, body).
-- * reserve() (optional) is called each time a request is granted, just before next() is called for it
--   (count-bound scenarios take their work item there, so they send exactly as many requests as items).
-- * more() says whether the thread still has work. The default is "until BENCH_DURATION seconds after the
--   thread started". Once it says no, the thread sends nothing new, waits for the answers still in flight
--   and stops itself: every request that was sent is answered and counted, so the correctness checks that
--   compare answers with database rows are exact.
-- * Status counts (global `counts`) and scenario counters (global `stats`, numbers only) of every thread are
--   summed in done(), which prints one machine-readable `BENCH_RESULT ...` line for scripts/bench.sh.
--
-- Environment (set by scripts/bench.sh): BENCH_DURATION (seconds; 0 = count-bound scenario), BENCH_THREADS,
-- BENCH_STATE (the state folder with tokens.txt and the id lists), BENCH_RUN_ID, BENCH_DONE_PREFIX (marker files).

local ffi_ok, ffi = pcall(require, "ffi")
local clock
if ffi_ok then
  pcall(ffi.cdef, [[
    typedef struct { long tv_sec; long tv_usec; } bench_timeval;
    int gettimeofday(bench_timeval *tv, void *tz);
  ]])
  local tv = ffi.new("bench_timeval")
  clock = function()
    ffi.C.gettimeofday(tv, nil)
    return tonumber(tv.tv_sec) + tonumber(tv.tv_usec) / 1e6
  end
else
  clock = os.time
end

B = {}                                   -- helpers for the scenario files
B.duration = tonumber(os.getenv("BENCH_DURATION") or "15")
B.threads = tonumber(os.getenv("BENCH_THREADS") or "2")
B.state = os.getenv("BENCH_STATE") or ".state/bench"
B.run_id = os.getenv("BENCH_RUN_ID") or tostring(os.time())
B.clock = clock
-- BENCH_TIMELINE=1: answers are also counted per wall-clock second (stat_at_<epoch second>), so a run can be
-- compared with what ran beside it during part of it (the flashmix scenario)
B.timeline = os.getenv("BENCH_TIMELINE") == "1"

counts = {}                              -- HTTP status -> answers (per thread; summed in done)
stats = {}                               -- scenario counter -> number (per thread; summed in done)
thread_id = thread_id or 0               -- 0-based, set in setup()

function B.add(name, n)
  stats[name] = (stats[name] or 0) + (n or 1)
end

function B.lines(file)
  local out = {}
  local f = io.open(B.state .. "/" .. file, "r")
  if not f then return out end
  for line in f:lines() do
    if line ~= "" then out[#out + 1] = line end
  end
  f:close()
  return out
end

-- this thread's share of a list (of its first `limit` items, when given): items thread_id+1, thread_id+1+threads, ...
function B.slice(list, limit)
  local out = {}
  for i = thread_id + 1, math.min(limit or #list, #list), B.threads do out[#out + 1] = list[i] end
  return out
end

-- count-bound scenarios send each item of a list once: B.once sets S.more and S.reserve (an item is reserved
-- when wrk decides to send, in delay()) and returns take(), which hands S.next the next reserved item and its
-- 1-based position, or nil for wrk's start-up call of request() (its request is never sent)
function B.once(items)
  local taken, granted, head = 0, {}, 1
  S.more = function() return taken < #items end
  S.reserve = function()
    taken = taken + 1
    granted[taken] = items[taken]
  end
  return function()
    local item = granted[head]
    if item == nil then return nil end
    granted[head] = nil
    head = head + 1
    return item, head - 1
  end
end

-- a round-robin cursor over a list
function B.cycle(list)
  local i = 0
  return function()
    i = i % #list + 1
    return list[i]
  end
end

function B.auth(token, extra)
  local h = { ["Authorization"] = "Bearer " .. token }
  for k, v in pairs(extra or {}) do h[k] = v end
  return h
end

B.json = { ["Content-Type"] = "application/json" }

-- ---- the wrk hooks --------------------------------------------------------------------------------------------
local all_threads = {}

function setup(thread)
  thread:set("thread_id", #all_threads)
  all_threads[#all_threads + 1] = thread
end

local started, issued, answered, stopped = 0, 0, 0, false

local function more()
  if S.more then return S.more() end
  return clock() - started < B.duration
end

function init(args)
  math.randomseed(os.time() + 7919 * thread_id)
  started = clock()
  if S.init then S.init() end
end

-- wrk asks delay() before every request of a connection, and request() only after it: requests are counted
-- here, because wrk also calls request() once on its own at start-up (to check the script).
function delay()
  if more() then
    issued = issued + 1
    if S.reserve then S.reserve() end    -- count-bound scenarios take their work item here, not in next()
    return 0
  end
  return 3600000                         -- park the connection; the thread stops once nothing is in flight
end

function request()
  return S.next()
end

function response(status, headers, body)
  answered = answered + 1
  counts[status] = (counts[status] or 0) + 1
  if B.timeline then B.add("at_" .. math.floor(clock())) end
  if S.on_response then S.on_response(status, body) end
  if answered >= issued and not more() and not stopped then
    stopped = true
    -- wrk's main thread sleeps for the whole -d; this marker tells scripts/bench.sh to end it (SIGINT) once
    -- every thread is done
    local marker = os.getenv("BENCH_DONE_PREFIX")
    if marker then
      local f = io.open(marker .. thread_id, "w")
      if f then f:write("done\n"); f:close() end
    end
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local statuses, totals = {}, {}
  for _, t in ipairs(all_threads) do
    for k, v in pairs(t:get("counts") or {}) do statuses[k] = (statuses[k] or 0) + v end
    for k, v in pairs(t:get("stats") or {}) do totals[k] = (totals[k] or 0) + v end
  end
  local elapsed = summary.duration / 1e6
  if B.duration > 0 and elapsed > B.duration then elapsed = B.duration end
  local codes, names = {}, {}
  for k in pairs(statuses) do codes[#codes + 1] = k end
  table.sort(codes)
  local parts = {}
  for _, k in ipairs(codes) do parts[#parts + 1] = k .. ":" .. statuses[k] end
  for k in pairs(totals) do names[#names + 1] = k end
  table.sort(names)
  local extra = {}
  for _, k in ipairs(names) do extra[#extra + 1] = "stat_" .. k .. "=" .. string.format("%.0f", totals[k]) end
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "err_connect=%d err_read=%d err_write=%d err_timeout=%d statuses=%s %s\n",
    summary.requests, elapsed, summary.requests / math.max(elapsed, 0.001),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.timeout,
    #parts > 0 and table.concat(parts, ",") or "-", table.concat(extra, " ")))
end

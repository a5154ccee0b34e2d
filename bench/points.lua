-- points: POST /api/v1/me/points/charges {"amount": 1..1000} with a distinct Idempotency-Key per request
-- (run id + scenario + start second + thread + counter), users taken round robin from this thread's share of the seeded sessions.
-- Counted: stat_charged (200 answers) and stat_charged_amount; scripts/bench.sh compares them with the
-- CHARGE rows that appeared in point_ledger during the run.
S = {}
local next_token, n = nil, 0
-- the second this wrk started: warm-up windows run one scenario name several times in one run
local started = os.time()
function S.init()
  next_token = B.cycle(B.slice(B.lines("tokens.txt")))
end
function S.next()
  n = n + 1
  local headers = B.auth(next_token(), {
    ["Content-Type"] = "application/json",
    -- the scenario and the start are part of the key: the warm-up runs this same file in the same run, window
    -- after window (a reused key with another amount would be 422, not a charge)
    ["Idempotency-Key"] = "bench-" .. B.run_id .. "-" .. (os.getenv("BENCH_SCENARIO") or "points") .. "-"
      .. started .. "-t" .. thread_id .. "-" .. n,
  })
  return wrk.format("POST", "/api/v1/me/points/charges", headers,
    '{"amount":' .. math.random(1, 1000) .. '}')
end
function S.on_response(status, body)
  if status == 200 then
    B.add("charged")
    B.add("charged_amount", tonumber(body:match('"chargedAmount"%s*:%s*(%d+)') or "0"))
  end
end
dofile((os.getenv("BENCH_LUA_DIR") or "bench") .. "/common.lua")

-- flashsale: a crowd buys ONE hot product. POST /api/v1/orders {1 unit of BENCH_FLASH_PRODUCT}, once per user, for
-- BENCH_FLASH_USERS distinct users (each thread takes its share of tokens.txt), as fast as the connections allow,
-- each with its own Idempotency-Key (BENCH_FLASH_KEYS=1, as a careful client sends) or without. Count-bound: the
-- run ends when every attempt has been answered. Payments of the successful orders are a second run (flashpay.lua).
S = {}
local take, body, keyed, first_sent
-- the time to sell out, as the buyers see it: from this thread's first attempt to its last 201, in epoch ms
-- (per-thread stats t<n>_first_ms and t<n>_sold_ms; scripts/bench.sh takes the earliest and the latest)
function S.init()
  take = B.once(B.slice(B.lines("tokens.txt"), tonumber(os.getenv("BENCH_FLASH_USERS") or "20000")))
  body = '{"items":[{"productId":' .. (os.getenv("BENCH_FLASH_PRODUCT") or "0") .. ',"quantity":1}]}'
  keyed = os.getenv("BENCH_FLASH_KEYS") ~= "0"
end
function S.next()
  local token, n = take()
  if not token then return wrk.format("GET", "/api/v1/ping") end   -- wrk's start-up check; never sent
  if not first_sent then
    first_sent = B.clock()
    stats["t" .. thread_id .. "_first_ms"] = math.floor(first_sent * 1000)
  end
  local headers = { ["Content-Type"] = "application/json" }
  -- the scenario is part of the key: the warm-up runs this same file, for the same users, in the same run
  if keyed then
    headers["Idempotency-Key"] = "bench-" .. B.run_id .. "-" .. (os.getenv("BENCH_SCENARIO") or "flashsale") .. "-t"
      .. thread_id .. "-" .. n
  end
  return wrk.format("POST", "/api/v1/orders", B.auth(token, headers), body)
end
function S.on_response(status, body)
  if status == 201 then
    B.add("ordered")
    stats["t" .. thread_id .. "_sold_ms"] = math.floor(B.clock() * 1000)
  elseif status == 409 then
    B.add("conflict_" .. (body:match('"code"%s*:%s*"([%u_]+)"') or "OTHER"))
  end
end
dofile((os.getenv("BENCH_LUA_DIR") or "bench") .. "/common.lua")

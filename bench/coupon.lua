-- coupon: a first-come-first-served burst. POST /api/v1/coupons/{BENCH_COUPON_ID}/issue, once per user:
-- BENCH_COUPON_REQUESTS distinct users (each thread takes its share of tokens.txt and sends each once), as
-- fast as the connections allow. Count-bound: the run ends when every request has been answered.
S = {}
local take, path
function S.init()
  take = B.once(B.slice(B.lines("tokens.txt"), tonumber(os.getenv("BENCH_COUPON_REQUESTS") or "50000")))
  path = "/api/v1/coupons/" .. (os.getenv("BENCH_COUPON_ID") or "0") .. "/issue"
end
function S.next()
  local token = take()
  if not token then return wrk.format("GET", "/api/v1/ping") end   -- wrk's start-up check; never sent
  return wrk.format("POST", path, B.auth(token))
end
function S.on_response(status, body)
  if status == 201 then
    B.add("issued")
  elseif status == 409 then
    B.add("conflict_" .. (body:match('"code"%s*:%s*"([%u_]+)"') or "OTHER"))
  end
end
dofile((os.getenv("BENCH_LUA_DIR") or "bench") .. "/common.lua")

-- coupon: a first-come-first-served burst. POST /api/v1/coupons/{BENCH_COUPON_ID}/issue, once per user:
-- BENCH_COUPON_REQUESTS distinct users (each thread takes its share of tokens.txt and sends each once), as
-- fast as the connections allow. Count-bound: the run ends when every request has been answered.
S = {}
local tokens, taken, granted, head, path = {}, 0, {}, 1, nil
function S.init()
  local all = B.lines("tokens.txt")
  local limit = tonumber(os.getenv("BENCH_COUPON_REQUESTS") or "50000")
  for k = thread_id + 1, math.min(limit, #all), B.threads do tokens[#tokens + 1] = all[k] end
  path = "/api/v1/coupons/" .. (os.getenv("BENCH_COUPON_ID") or "0") .. "/issue"
end
function S.more() return taken < #tokens end
function S.reserve()
  taken = taken + 1
  granted[taken] = tokens[taken]
end
function S.next()
  local token = granted[head]
  if not token then return wrk.format("GET", "/api/v1/ping") end   -- wrk's start-up check; never sent
  granted[head] = nil
  head = head + 1
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

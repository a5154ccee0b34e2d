-- flashpay: pays every order the flash sale created, once each: the lines of flashpay.txt ("<token> <order id>"),
-- each thread its share. Count-bound.
S = {}
local jobs, taken, granted, head = {}, 0, {}, 1
function S.init()
  for _, line in ipairs(B.slice(B.lines("flashpay.txt"))) do
    local token, order = line:match("^(%S+)%s+(%d+)$")
    if token then jobs[#jobs + 1] = { token = token, order = order } end
  end
end
function S.more() return taken < #jobs end
function S.reserve()
  taken = taken + 1
  granted[taken] = jobs[taken]
end
function S.next()
  local job = granted[head]
  if not job then return wrk.format("GET", "/api/v1/ping") end   -- wrk's start-up check; never sent
  granted[head] = nil
  head = head + 1
  return wrk.format("POST", "/api/v1/orders/" .. job.order .. "/payment", B.auth(job.token))
end
function S.on_response(status, body)
  if status == 200 then
    B.add("paid")
    B.add("paid_amount", tonumber(body:match('"paidAmount"%s*:%s*(%d+)') or "0"))
  end
end
dofile((os.getenv("BENCH_LUA_DIR") or "bench") .. "/common.lua")

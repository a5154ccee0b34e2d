-- flashpay: pays every order the flash sale created, once each: the lines of flashpay.txt ("<token> <order id>"),
-- each thread its share. Count-bound.
S = {}
local take
function S.init()
  local jobs = {}
  for _, line in ipairs(B.slice(B.lines("flashpay.txt"))) do
    local token, order = line:match("^(%S+)%s+(%d+)$")
    if token then jobs[#jobs + 1] = { token = token, order = order } end
  end
  take = B.once(jobs)
end
function S.next()
  local job = take()
  if not job then return wrk.format("GET", "/api/v1/ping") end   -- wrk's start-up check; never sent
  return wrk.format("POST", "/api/v1/orders/" .. job.order .. "/payment", B.auth(job.token))
end
function S.on_response(status, body)
  if status == 200 then
    B.add("paid")
    B.add("paid_amount", tonumber(body:match('"paidAmount"%s*:%s*(%d+)') or "0"))
  end
end
dofile((os.getenv("BENCH_LUA_DIR") or "bench") .. "/common.lua")

-- order: create orders of 1..3 random bench products (1..3 units each) and pay each one with points, by many
-- users. Payments go first whenever one is waiting; after BENCH_DURATION no new order is created, and the
-- orders already created are still paid before the thread stops (nothing is left PENDING_PAYMENT).
S = {}
local started
function S.init()
  F.init()
  started = B.clock()
end
local function open() return B.clock() - started < B.duration end
function S.more() return open() or F.pending() > 0 end
function S.next()
  if F.pending() > 0 then return F.pay() end
  if open() then return F.create() end
  B.add("filler")
  return wrk.format("GET", "/api/v1/products/" .. F.product())
end
function S.on_response(status, body) F.on_response(status, body) end
local dir = os.getenv("BENCH_LUA_DIR") or "bench"
dofile(dir .. "/common.lua")
dofile(dir .. "/flows.lua")

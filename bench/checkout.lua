-- checkout: one-step checkouts (POST /api/v1/orders with "pay": true) of 1..3 random bench products (1..3 units
-- each), by many users, for BENCH_DURATION seconds: the same orders as the order scenario, placed and paid in one
-- request and one transaction.
S = {}
function S.init() F.init() end
function S.next() return F.create(true) end
function S.on_response(status, body) F.on_response(status, body) end
local dir = os.getenv("BENCH_LUA_DIR") or "bench"
dofile(dir .. "/common.lua")
dofile(dir .. "/flows.lua")

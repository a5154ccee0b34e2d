-- mixed: the soak. A blend with 80% reads: 50% product detail, 20% product list pages, 10% own points
-- balance; and 20% writes: 10% point charges, 10% order steps (pay a waiting order, else create one).
-- BENCH_MIXED_FEATURES (comma list of "points", "orders") says which write endpoints exist; a missing one is
-- replaced by product detail reads. Like order.lua, orders created before the end are paid before stopping.
S = {}
local started, ids, pages, has_points, has_orders
function S.init()
  F.init()
  ids = B.lines("products.txt")
  pages = math.max(1, math.min(50, math.floor(#ids / 20)))
  local features = os.getenv("BENCH_MIXED_FEATURES") or ""
  has_points = features:find("points", 1, true) ~= nil
  has_orders = features:find("orders", 1, true) ~= nil
  started = B.clock()
end
local function open() return B.clock() - started < B.duration end
function S.more() return open() or F.pending() > 0 end
local function detail() return wrk.format("GET", "/api/v1/products/" .. ids[math.random(#ids)]) end
function S.next()
  if not open() then
    if F.pending() > 0 then return F.pay() end
    B.add("filler")
    return detail()
  end
  local r = math.random()
  if r < 0.5 then return detail() end
  if r < 0.7 then
    return wrk.format("GET", "/api/v1/products?page=" .. math.random(0, pages - 1) .. "&size=20")
  end
  if r < 0.8 then
    if has_points then return wrk.format("GET", "/api/v1/me/points", B.auth(F.token())) end
    return detail()
  end
  if r < 0.9 then
    if has_points then return F.charge() end
    return detail()
  end
  if has_orders then
    if F.pending() > 0 then return F.pay() end
    return F.create()
  end
  return detail()
end
function S.on_response(status, body) F.on_response(status, body) end
local dir = os.getenv("BENCH_LUA_DIR") or "bench"
dofile(dir .. "/common.lua")
dofile(dir .. "/flows.lua")

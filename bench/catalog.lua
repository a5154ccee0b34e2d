-- catalog: anonymous product reads. 80% product detail by random id (over every product), 20% list pages
-- (size 20) at a random page among the first 50 (shoppers rarely go deeper). Requests are pre-built.
S = {}
local reqs = {}
function S.init()
  local ids = B.lines("products.txt")
  local pages = math.max(1, math.min(50, math.floor(#ids / 20)))
  for i = 1, 20000 do
    if math.random() < 0.8 then
      reqs[i] = wrk.format("GET", "/api/v1/products/" .. ids[math.random(#ids)])
    else
      reqs[i] = wrk.format("GET", "/api/v1/products?page=" .. math.random(0, pages - 1) .. "&size=20")
    end
  end
end
function S.next() return reqs[math.random(#reqs)] end
dofile((os.getenv("BENCH_LUA_DIR") or "bench") .. "/common.lua")

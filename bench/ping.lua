-- HTTP ceiling: GET /api/v1/ping through haproxy (touches no backing service). BENCH_PING_PATH overrides the
-- path (scripts/bench.sh falls back to /q/health/live while /api/v1/ping is not deployed).
S = {}
local req
function S.init()
  req = wrk.format("GET", os.getenv("BENCH_PING_PATH") or "/api/v1/ping")
end
function S.next() return req end
dofile((os.getenv("BENCH_LUA_DIR") or "bench") .. "/common.lua")

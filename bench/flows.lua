-- Request flows shared by order.lua and mixed.lua (loaded after common.lua).
--
-- Orders are a two-step flow: create (201, PENDING_PAYMENT), then pay with the same user's token. wrk does
-- not say which request an answer belongs to, so each thread keeps its in-flight creates keyed by the
-- order's lines ("productId:quantity" sorted), never two in flight with the same lines, and finds the owner
-- again from the lines in the 201 body. Paid orders are counted (stat_paid, stat_paid_amount), reserved units
-- too (stat_reserved_units), for the stock / ledger / outbox checks in scripts/bench.sh.
F = {}

local products, tokens, next_token
local inflight = {}                      -- lines signature -> token of the create in flight
local payable = {}                       -- queue of { id, token } waiting for payment
local pay_head, pay_tail = 1, 0
local n = 0
-- the second this wrk started: warm-up windows run one scenario name several times in one run
local started = os.time()

function F.init()
  products = B.lines("bench-products.txt")
  tokens = B.slice(B.lines("tokens.txt"))
  next_token = B.cycle(tokens)
end

function F.token() return next_token() end
function F.product() return products[math.random(#products)] end
function F.pending() return pay_tail - pay_head + 1 end

local function key()
  n = n + 1
  -- the scenario and the start are part of the key: the same user meets the same counters in another scenario of
  -- this run, or in the next window of the same warm-up (a reused key with another body is 422, not a payment)
  return "bench-" .. B.run_id .. "-" .. (os.getenv("BENCH_SCENARIO") or "flow") .. "-" .. started
    .. "-t" .. thread_id .. "-" .. n
end

-- an order of 1..3 distinct bench products, 1..3 units each; with pay, a one-step checkout ("pay": true)
function F.create(pay)
  local lines, sig
  for _ = 1, 20 do
    local picked, parts = {}, {}
    for _ = 1, math.random(1, 3) do picked[tonumber(F.product())] = math.random(1, 3) end
    lines = {}
    for id, q in pairs(picked) do lines[#lines + 1] = { id, q } end
    table.sort(lines, function(a, b) return a[1] < b[1] end)
    for _, l in ipairs(lines) do parts[#parts + 1] = l[1] .. ":" .. l[2] end
    sig = table.concat(parts, ",")
    if not inflight[sig] then break end
  end
  local token = F.token()
  inflight[sig] = token
  local items = {}
  for _, l in ipairs(lines) do
    items[#items + 1] = '{"productId":' .. l[1] .. ',"quantity":' .. l[2] .. '}'
  end
  return wrk.format("POST", "/api/v1/orders", B.auth(token, {
    ["Content-Type"] = "application/json", ["Idempotency-Key"] = key() }),
    '{"items":[' .. table.concat(items, ",") .. '],"userCouponId":null' .. (pay and ',"pay":true' or '') .. '}')
end

function F.pay()
  local o = payable[pay_head]
  payable[pay_head] = nil
  pay_head = pay_head + 1
  return wrk.format("POST", "/api/v1/orders/" .. o[1] .. "/payment", B.auth(o[2], {
    ["Content-Type"] = "application/json", ["Idempotency-Key"] = key() }), "{}")
end

-- a charge of 1..1000 points by the next user
function F.charge()
  return wrk.format("POST", "/api/v1/me/points/charges", B.auth(F.token(), {
    ["Content-Type"] = "application/json", ["Idempotency-Key"] = key() }),
    '{"amount":' .. math.random(1, 1000) .. '}')
end

-- classifies an answer by its body; returns true when it was an order or payment answer
function F.on_response(status, body)
  if status == 201 and body:find('"PENDING_PAYMENT"', 1, true) then
    local ids, qs, lines, units = {}, {}, {}, 0
    for v in body:gmatch('"productId"%s*:%s*(%d+)') do ids[#ids + 1] = tonumber(v) end
    for v in body:gmatch('"quantity"%s*:%s*(%d+)') do qs[#qs + 1] = tonumber(v) end
    for i = 1, #ids do lines[i] = { ids[i], qs[i] or 0 }; units = units + (qs[i] or 0) end
    table.sort(lines, function(a, b) return a[1] < b[1] end)
    local parts = {}
    for _, l in ipairs(lines) do parts[#parts + 1] = l[1] .. ":" .. l[2] end
    local sig = table.concat(parts, ",")
    B.add("created")
    B.add("reserved_units", units)
    local token = inflight[sig]
    inflight[sig] = nil
    local id = body:match('^%s*{%s*"id"%s*:%s*(%d+)') or body:match('[{,]%s*"id"%s*:%s*(%d+)')
    if token and id then
      pay_tail = pay_tail + 1
      payable[pay_tail] = { id, token }
    else
      B.add("unmatched_orders")
    end
    return true
  elseif status == 201 and body:find('"status":"PAID"', 1, true) then
    -- a one-step checkout: created and paid in one answer
    local units = 0
    for v in body:gmatch('"quantity"%s*:%s*(%d+)') do units = units + tonumber(v) end
    B.add("created")
    B.add("reserved_units", units)
    B.add("paid")
    B.add("paid_amount", tonumber(body:match('"payAmount"%s*:%s*(%d+)') or "0"))
    return true
  elseif status == 200 and body:find('"paymentId"', 1, true) then
    B.add("paid")
    B.add("paid_amount", tonumber(body:match('"paidAmount"%s*:%s*(%d+)') or "0"))
    return true
  elseif status == 200 and body:find('"chargedAmount"', 1, true) then
    B.add("charged")
    B.add("charged_amount", tonumber(body:match('"chargedAmount"%s*:%s*(%d+)') or "0"))
    return true
  elseif status >= 400 then
    local code = body:match('"code"%s*:%s*"([%u_]+)"')
    if code then B.add("code_" .. code) end
  end
  return false
end

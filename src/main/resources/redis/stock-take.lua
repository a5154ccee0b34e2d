-- The stock gate: takes every line of an order from the products' Redis counters at once, or none.
-- KEYS[i] = fc:stock:{<productId>}  (units Redis may still grant; a copy of product.stock, reloaded from the database)
-- ARGV[i] = units the order asks of KEYS[i]
-- With an Idempotency-Key, one more key and three more arguments: KEYS[#KEYS] = fc:order-key:<userId>:<key>, the
-- key's mark; ARGV[#ARGV - 2] = how long a mark lives (ms), ARGV[#ARGV - 1] = the request's fingerprint,
-- ARGV[#ARGV] = "keyed". The mark is "1" once this script granted the key's order: its repeats take no unit, the
-- database answers them as the first. It is "R <i> <fingerprint>" once it refused the key's order for line i: its
-- repeats are refused alike, never granted, so the key keeps its first answer while that is being recorded.
-- Returns 1 = taken (every counter lowered), {0, i} = line i cannot be had (nothing taken: the order is refused),
-- 2 = a product the database does not know (counter -1: nothing taken, the database answers NOT_FOUND),
-- 3 = a repeat of a key granted a moment ago (nothing taken: the database replays the first answer),
-- {4, i, fingerprint} = a repeat of a key refused a moment ago for line i, by a request with that fingerprint,
-- -i = KEYS[i] is not loaded (nothing taken: the caller loads it from the database and asks again).
local lines = #KEYS
local keyed = ARGV[#ARGV] == 'keyed'
if keyed then
  lines = lines - 1
  local mark = redis.call('GET', KEYS[#KEYS])
  if mark == '1' then
    return 3
  elseif mark then
    local line, fingerprint = string.match(mark, '^R (%d+) (%S+)$')
    return {4, tonumber(line), fingerprint}
  end
end
local short = nil
for i = 1, lines do
  local left = redis.call('GET', KEYS[i])
  if not left then
    return -i
  end
  left = tonumber(left)
  if left < 0 then
    return 2
  end
  if not short and left < tonumber(ARGV[i]) then
    short = i
  end
end
if short then
  if keyed then
    redis.call('SET', KEYS[#KEYS], 'R ' .. short .. ' ' .. ARGV[#ARGV - 1], 'PX', ARGV[#ARGV - 2])
  end
  return {0, short}
end
for i = 1, lines do
  redis.call('DECRBY', KEYS[i], ARGV[i])
end
if keyed then
  redis.call('SET', KEYS[#KEYS], '1', 'PX', ARGV[#ARGV - 2])
end
return 1

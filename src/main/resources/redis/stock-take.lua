-- The stock gate: takes every line of an order from the products' Redis counters at once, or none.
-- KEYS[i] = fc:stock:{<productId>}  (units Redis may still grant; a copy of product.stock, reloaded from the database)
-- ARGV[i] = units the order asks of KEYS[i]
-- With an Idempotency-Key, one more key and two more arguments: KEYS[#ARGV - 1] = fc:order-key:<userId>:<key>, set
-- when this script grants the key's order, ARGV[#ARGV - 1] = how long it lives (ms), ARGV[#ARGV] = "keyed". A repeat
-- of a key granted a moment ago takes no unit: its answer is the first one's, which the database holds.
-- Returns 1 = taken (every counter lowered), {0, i} = line i cannot be had (nothing taken: the order is refused),
-- 2 = a product the database does not know (counter -1: nothing taken, the database answers NOT_FOUND),
-- 3 = a repeat of a key granted a moment ago (nothing taken: the database replays the first answer),
-- -i = KEYS[i] is not loaded (nothing taken: the caller loads it from the database and asks again).
local lines = #KEYS
local keyed = ARGV[#ARGV] == 'keyed'
if keyed then
  lines = lines - 1
  if redis.call('EXISTS', KEYS[#KEYS]) == 1 then
    return 3
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
  return {0, short}
end
for i = 1, lines do
  redis.call('DECRBY', KEYS[i], ARGV[i])
end
if keyed then
  redis.call('SET', KEYS[#KEYS], '1', 'PX', ARGV[#ARGV - 1])
end
return 1

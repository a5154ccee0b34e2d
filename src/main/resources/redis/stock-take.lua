-- The stock gate: takes every line of an order from the products' Redis counters at once, or none.
-- KEYS[i] = fc:stock:{<productId>}  (units Redis may still grant; a copy of product.stock, loaded from the database)
-- ARGV[i] = units the order asks of KEYS[i]; then ARGV[lines + 1] = how long a loaded counter lives (ms, its TTL
-- at load), ARGV[lines + 2] = the age (ms) from which a counter that would refuse is loaded again first.
-- With an Idempotency-Key, one more key and three more arguments: KEYS[#KEYS] = fc:order-key:<userId>:<key>, the
-- key's mark; ARGV[#ARGV - 2] = how long a mark lives (ms), ARGV[#ARGV - 1] = the request's fingerprint,
-- ARGV[#ARGV] = "keyed". The mark is "1" once this script granted the key's order: its repeats take no unit, the
-- database answers them as the first. It is "R <i> <fingerprint>" once it refused the key's order for line i: its
-- repeats are refused alike, never granted, so the key keeps its first answer while that is being recorded.
-- Returns 1 = taken (every counter lowered), {0, i} = line i cannot be had (nothing taken: the order is refused),
-- 2 = a product the database does not know (counter -1: nothing taken, the database answers NOT_FOUND),
-- 3 = a repeat of a key granted a moment ago (nothing taken: the database replays the first answer),
-- {4, i, fingerprint} = a repeat of a key refused a moment ago for line i, by a request with that fingerprint,
-- -i = KEYS[i] is not loaded (nothing taken: the caller loads it from the database and asks again). A counter that
-- would refuse (too few units, or negative) and was loaded longer ago than ARGV[lines + 2] is dropped and answered
-- -i: a refusal never rests on a count older than that, while counters that serve orders live on unread.
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
local lives, fresh = tonumber(ARGV[lines + 1]), tonumber(ARGV[lines + 2])
-- drops KEYS[i] when it was loaded at least `fresh` ms ago (a counter without a TTL is not the gate's: kept)
local function dropped_if_old(i)
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl >= 0 and lives - ttl >= fresh then
    redis.call('DEL', KEYS[i])
    return true
  end
  return false
end
local short = nil
for i = 1, lines do
  local left = redis.call('GET', KEYS[i])
  if not left then
    return -i
  end
  left = tonumber(left)
  if left < 0 then
    if dropped_if_old(i) then
      return -i
    end
    return 2
  end
  if not short and left < tonumber(ARGV[i]) then
    short = i
  end
end
if short then
  if dropped_if_old(short) then
    return -short
  end
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

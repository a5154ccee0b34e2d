-- First-come-first-served coupon issuance, decided atomically in Redis.
-- KEYS[1] = fc:coupon:{id}:holders  (set of user ids that hold the coupon)
-- KEYS[2] = fc:coupon:{id}:total    (the coupon's total quantity)
-- The braces are literal, e.g. fc:coupon:{42}:holders: a hash tag, so both keys share a Redis Cluster slot.
-- ARGV[1] = user id
-- Returns 1 = issued to this user, 0 = sold out, -1 = this user already holds it, -2 = state not loaded.
local total = redis.call('GET', KEYS[2])
if not total then
  return -2
end
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  return -1
end
if redis.call('SCARD', KEYS[1]) >= tonumber(total) then
  return 0
end
redis.call('SADD', KEYS[1], ARGV[1])
return 1

-- First-come-first-served coupon issuance, decided atomically in Redis, with the user's request rate counted in
-- the same round trip.
-- KEYS[1] = fc:coupon:{id}:holders  (set of user ids that hold the coupon)
-- KEYS[2] = fc:coupon:{id}:total    (the coupon's total quantity)
-- The braces are literal, e.g. fc:coupon:{42}:holders: a hash tag, so both keys share a Redis Cluster slot.
-- KEYS[3] = the user's request counter for the current window, e.g. fc:coupon:rate:{userId}:{epochSecond}
-- ARGV[1] = user id
-- ARGV[2] = how long the counter lives, in milliseconds
-- ARGV[3] = the most requests a user may make in one window
-- Returns 1 = issued to this user, 0 = sold out, -1 = this user already holds it, -2 = state not loaded (nothing
-- counted: the caller loads the state and asks again), -3 = too many requests from this user in this window.
local total = redis.call('GET', KEYS[2])
if not total then
  return -2
end
local requests = redis.call('INCR', KEYS[3])
if requests == 1 then
  redis.call('PEXPIRE', KEYS[3], ARGV[2])
end
if requests > tonumber(ARGV[3]) then
  return -3
end
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  return -1
end
if redis.call('SCARD', KEYS[1]) >= tonumber(total) then
  return 0
end
redis.call('SADD', KEYS[1], ARGV[1])
return 1

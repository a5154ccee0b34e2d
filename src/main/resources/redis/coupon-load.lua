-- Replaces a coupon's issuance state with what the database holds (see CouponGate.load).
-- KEYS[1] = fc:coupon:{id}:holders:loading:<uuid>  (the holders read from the database, staged; absent when none)
-- KEYS[2] = fc:coupon:{id}:holders
-- KEYS[3] = fc:coupon:{id}:total
-- ARGV[1] = total quantity, ARGV[2] = expiry of the state (unix seconds)
-- Returns the number of holders now recorded.
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('EXPIREAT', KEYS[2], ARGV[2])
else
  redis.call('DEL', KEYS[2])
end
redis.call('SET', KEYS[3], ARGV[1])
redis.call('EXPIREAT', KEYS[3], ARGV[2])
return redis.call('SCARD', KEYS[2])

-- Counts one payment (or takes back one cancellation) in the day's ranking, exactly once.
-- KEYS[1] = fc:ranking:built       (present once the day keys were built from the database)
-- KEYS[2] = fc:ranking:rebuilding  (present while a rebuild from the database runs)
-- KEYS[3] = fc:ranking:seen:<eventId>
-- KEYS[4] = fc:ranking:order:<orderId>:<paid|cancelled>  (also set by a rebuild for every order it counted)
-- KEYS[5] = fc:ranking:day:<yyyy-mm-dd>  (the Asia/Seoul day the units belong to)
-- ARGV[1] = how long the seen markers live (seconds), ARGV[2] = the day key's TTL (seconds),
-- ARGV[3..] = product id, signed units, product id, signed units, ...
-- Returns 1 = counted, 0 = a duplicate (dropped), -1 = a rebuild is running (try again), -2 = not built yet.
if redis.call('EXISTS', KEYS[2]) == 1 then
  return -1
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -2
end
if not redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[1]) then
  return 0
end
if not redis.call('SET', KEYS[4], '1', 'NX', 'EX', ARGV[1]) then
  return 0
end
for i = 3, #ARGV, 2 do
  redis.call('ZINCRBY', KEYS[5], ARGV[i + 1], ARGV[i])
end
redis.call('EXPIRE', KEYS[5], ARGV[2])
return 1

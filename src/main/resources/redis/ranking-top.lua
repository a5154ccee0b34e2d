-- The best sellers over a run of days, the union cached briefly so every instance shares one computation.
-- KEYS[1] = fc:ranking:top:<from>:<to>  (the cached union)
-- KEYS[2..] = fc:ranking:day:<yyyy-mm-dd> for each day of the window
-- ARGV[1] = how long the union is cached (milliseconds), ARGV[2] = how many to return
-- Returns product id, units, product id, units, ... best first; products at zero or below are left out.
if redis.call('EXISTS', KEYS[1]) == 0 then
  local days = {}
  for i = 2, #KEYS do
    days[#days + 1] = KEYS[i]
  end
  redis.call('ZUNIONSTORE', KEYS[1], #days, unpack(days))
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', '(0', 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))

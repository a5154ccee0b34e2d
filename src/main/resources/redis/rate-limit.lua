-- A fixed-window request counter.
-- KEYS[1] = the window's counter, e.g. fc:coupon:rate:{userId}:{epochSecond}
-- ARGV[1] = the window length in milliseconds
-- Returns the number of requests counted in the window so far, this one included.
local n = redis.call('INCR', KEYS[1])
if n == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return n

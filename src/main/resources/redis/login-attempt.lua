-- Reserves one login attempt for an email and a client address, or refuses it, in one atomic step: with N
-- guesses in parallel at most the limit are ever let through to the password check.
-- KEYS[1] = fc:login-failures:email:<canonical email>, KEYS[2] = fc:login-failures:addr:<client address>
-- ARGV[1] = limit per email, ARGV[2] = limit per address, ARGV[3] = window in milliseconds
-- Returns 0 when the attempt is reserved (counted under both keys), else the milliseconds until it may be tried.
for i = 1, 2 do
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  if count >= tonumber(ARGV[i]) then
    local left = redis.call('PTTL', KEYS[i])
    if left <= 0 then
      left = tonumber(ARGV[3])
    end
    return left
  end
end
for i = 1, 2 do
  -- the window starts with the first attempt in it
  if redis.call('INCR', KEYS[i]) == 1 then
    redis.call('PEXPIRE', KEYS[i], ARGV[3])
  end
end
return 0

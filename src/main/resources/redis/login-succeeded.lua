-- A login whose password was right: its reserved attempt is given back, so successful logins are never counted,
-- and the email's failures are forgotten.
-- KEYS[1] = fc:login-failures:email:<canonical email>, KEYS[2] = fc:login-failures:addr:<client address>
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then
  redis.call('DECR', KEYS[2])
end
return 0

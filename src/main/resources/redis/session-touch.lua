-- Reads a session and slides its idle timeout, in one round trip.
-- KEYS[1] = fc:session:<sha256 of the token>
-- ARGV[1] = idle timeout in seconds, ARGV[2] = now in epoch seconds
-- Returns {uid, role} for a live session, nil otherwise (an absolutely expired session is deleted).
local s = redis.call('HMGET', KEYS[1], 'uid', 'role', 'exp')
if not s[1] then
  return nil
end
local left = tonumber(s[3]) - tonumber(ARGV[2])
if left <= 0 then
  redis.call('DEL', KEYS[1])
  return nil
end
redis.call('EXPIRE', KEYS[1], math.min(tonumber(ARGV[1]), left))
return {s[1], s[2]}

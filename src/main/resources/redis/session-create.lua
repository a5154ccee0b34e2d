-- Stores a new session with its idle timeout, atomically.
-- KEYS[1] = fc:session:<sha256 of the token>
-- ARGV[1] = user id, ARGV[2] = role, ARGV[3] = absolute expiry (epoch seconds), ARGV[4] = idle timeout (seconds)
redis.call('HSET', KEYS[1], 'uid', ARGV[1], 'role', ARGV[2], 'exp', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1

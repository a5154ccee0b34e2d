-- The database refused an order the gate let through, for want of stock: the gate believed in more units than
-- product.stock has (a load that counted units of orders still in their transaction, or a count gone wrong). A
-- counter loaded at least ARGV[#KEYS + 2] ms ago is dropped, so the next order loads it from the database; a
-- younger one gets the order's units back (as stock-give-back.lua), so a sell-out reloads a counter once per that
-- many ms at most, not once per refusal. A counter that is not loaded stays unloaded.
-- KEYS[i] = fc:stock:{<productId>}, ARGV[i] = the units the order took of KEYS[i],
-- ARGV[#KEYS + 1] = how long a loaded counter lives (ms, its TTL at load), ARGV[#KEYS + 2] = that age (ms)
local lives, fresh = tonumber(ARGV[#KEYS + 1]), tonumber(ARGV[#KEYS + 2])
for i = 1, #KEYS do
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl >= 0 and lives - ttl >= fresh then
    redis.call('DEL', KEYS[i])
  elseif ttl ~= -2 then
    redis.call('INCRBY', KEYS[i], ARGV[i])
  end
end
return 1

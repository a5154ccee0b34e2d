-- Loads stock gate counters from the database's stock, unless another instance loaded them meanwhile.
-- KEYS[i] = fc:stock:{<productId>}, ARGV[1] = how long a loaded counter lives (ms; stock-take.lua reads its age from
-- what is left of that),
-- ARGV[i + 1] = the database's stock of KEYS[i]
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], ARGV[i + 1], 'NX', 'PX', ARGV[1])
end
return 1

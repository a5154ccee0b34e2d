-- Gives units back to the stock gate: an order the database refused or undid, or units an order released
-- (expiry, cancellation) once that committed. A counter that is not loaded stays unloaded: its next load reads the
-- database, which already counts these units.
-- Negative units take units after the fact (an order that was placed without taking them). A counter they take
-- below 0 sends orders to the database (as for an unknown product) until the matching give-back or the next load.
-- KEYS[i] = fc:stock:{<productId>}, ARGV[i] = units
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    redis.call('INCRBY', KEYS[i], ARGV[i])
  end
end
return 1

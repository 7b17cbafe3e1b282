-- claimEnd: claims the right to finish a call. One step, so two enders cannot both win, and an expired call is
-- not brought back as a hash without a TTL.
--
-- KEYS[1] call:{callId}   the live call hash
-- ARGV[1] ended at (ms since the epoch)
-- Returns 1 for exactly one of several concurrent enders, 0 for the rest (and when the call is not live).
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HSETNX', KEYS[1], 'endedAt', ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'status', 'ended')
return 1

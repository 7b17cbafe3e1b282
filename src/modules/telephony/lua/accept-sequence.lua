-- acceptSequence: records a status callback's SequenceNumber when it is newer than the last one seen, so
-- duplicates and late deliveries are recognised.
--
-- KEYS[1] call:{callId}   the live call hash
-- ARGV[1] the callback's SequenceNumber
-- Returns 1 when it is newer (and recorded), 0 when it is a duplicate or late (or the call is not live).
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local last = tonumber(redis.call('HGET', KEYS[1], 'lastSequence') or '-1')
if tonumber(ARGV[1]) > last then
  redis.call('HSET', KEYS[1], 'lastSequence', ARGV[1])
  return 1
end
return 0

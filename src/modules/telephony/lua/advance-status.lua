-- advanceStatus: moves a live call's status forward only, so an older or duplicate event can never move it back.
--
-- KEYS[1] call:{callId}   the live call hash
-- ARGV[1] the new status: ringing | queued | in-progress | ended
-- Returns 1 when the status moved forward, 0 otherwise (or when the call is not live).
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return 0 end
local rank = {ringing = 0, queued = 1, ['in-progress'] = 2, ended = 3}
if rank[ARGV[1]] > rank[current] then
  redis.call('HSET', KEYS[1], 'status', ARGV[1])
  return 1
end
return 0

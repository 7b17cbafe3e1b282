-- claimAnswer: the psychologist who is ringing accepts the call. Answering and ending race (the caller hangs up as
-- the psychologist presses 1): each is one step and whichever comes first wins; an ended call cannot be answered,
-- and an answer is recorded whole or not at all.
--
-- KEYS[1] call:{callId}   the live call hash
-- ARGV[1] the answering psychologist's user id (must be the one ringing)
-- ARGV[2] answered at (ms since the epoch)
-- Returns 1 when the answer is recorded, 0 when the call ended, someone else has it, or it is not ringing them.
local h = redis.call('HMGET', KEYS[1], 'status', 'ringing', 'endedAt', 'answeredBy')
if not h[1] or h[3] or h[4] or h[2] ~= ARGV[1] then return 0 end
if h[1] ~= 'ringing' and h[1] ~= 'queued' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'in-progress', 'answeredBy', ARGV[1], 'answeredAt', ARGV[2])
return 1

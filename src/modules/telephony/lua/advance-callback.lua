-- advanceCallback: moves a call-back's progress forward only. Twilio's status callbacks for the call-back leg and
-- our own webhooks (the caller pressed 1, the psychologist took it) arrive in any order; an older step never
-- overwrites a newer one, and once it has ended (no answer, failed, ended) it stays so.
--
-- KEYS[1] call:{callId}   the live call hash (kept for the call-back window)
-- ARGV[1] the progress code (dialing, ringing, answered, ringing_you, connected, no_answer, failed, ended)
-- ARGV[2] its rank: 0..4 in the order above, 5 for the three final codes
-- Returns 1 when the progress moved, 0 otherwise (also when the call is gone: a hash is never made without a TTL).
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local current = tonumber(redis.call('HGET', KEYS[1], 'callbackRank') or '-1')
local rank = tonumber(ARGV[2])
if rank <= current then return 0 end
redis.call('HSET', KEYS[1], 'callbackStatus', ARGV[1], 'callbackRank', ARGV[2])
return 1

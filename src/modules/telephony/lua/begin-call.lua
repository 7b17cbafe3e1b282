-- beginCall: the start of a call in one round trip (a webhook has to be quick). A retry of the same CallSid gets
-- the first answer, a closed line or a blocked number turns the call away, else the live state, the sealed
-- call-back number and the console event are written together.
--
-- KEYS[1] callsid:{sid}                 CallSid -> call id (set when the call starts)
-- KEYS[2] callsid-turned-away:{sid}     remembers a call turned away (closed, blocked) for retries
-- KEYS[3] the block-list entry for the caller's keyed hash (may name a key that does not exist)
-- KEYS[4] call:{callId}                 the live call hash
-- KEYS[5] the sealed call-back number's key for this call
-- KEYS[6] callsid-answered:{sha256(sid)} remembers for a day that this CallSid began a call, so a replay after
--                                       the CallSid mapping expired is recognised and starts (and seals) nothing
-- ARGV[1] call id (UUID)
-- ARGV[2] CallSid
-- ARGV[3] started at (ms since the epoch)
-- ARGV[4] the caller's block-list hash, or '' when the number was withheld
-- ARGV[5] the sealed call-back number, or '' when there is none
-- ARGV[6] TTL of the live state (seconds)
-- ARGV[7] TTL of the turned-away marker (seconds)
-- ARGV[8] '1' when the line is closed now, else '0'
-- ARGV[9] the console events channel
-- ARGV[10] the console event to publish (JSON)
-- ARGV[11] TTL of the answered-CallSid marker (seconds)
-- Returns {'existing', callId} | {'replay', ''} | {'repeat', status} | {'turned-away', status} | {'started', callId}
local existing = redis.call('GET', KEYS[1])
if existing then return {'existing', existing} end
local turned = redis.call('GET', KEYS[2])
if turned then return {'repeat', turned} end
if redis.call('EXISTS', KEYS[6]) == 1 then return {'replay', ''} end
redis.call('SET', KEYS[6], '1', 'EX', ARGV[11])
local status = false
if ARGV[8] == '1' then status = 'closed'
elseif ARGV[4] ~= '' and redis.call('EXISTS', KEYS[3]) == 1 then status = 'blocked' end
if status then
  redis.call('SET', KEYS[2], status, 'EX', ARGV[7])
  return {'turned-away', status}
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[6])
local fields = {'callId', ARGV[1], 'sid', ARGV[2], 'status', 'ringing', 'startedAt', ARGV[3], 'attempted', '', 'lastSequence', '-1'}
if ARGV[4] ~= '' then table.insert(fields, 'blockHash'); table.insert(fields, ARGV[4]) end
redis.call('HSET', KEYS[4], unpack(fields))
redis.call('EXPIRE', KEYS[4], ARGV[6])
if ARGV[5] ~= '' then redis.call('SET', KEYS[5], ARGV[5], 'EX', ARGV[6]) end
redis.call('PUBLISH', ARGV[9], ARGV[10])
return {'started', ARGV[1]}

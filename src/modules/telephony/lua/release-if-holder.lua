-- releaseIfHolder: deletes a marker only while it still names this call, so a call that ended late cannot free a
-- psychologist (or clear a current-call pointer) that another call holds by now.
--
-- KEYS[1] the marker: busy:{userId} or current-call:{userId}
-- ARGV[1] the call id that must hold it
-- Returns 1 when the marker was deleted, 0 otherwise.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0

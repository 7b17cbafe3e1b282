-- Split out of 003_calls.sql, which once created this table too: a database migrated before the split has it
-- already, and the migration runner records this file as applied there without running it (see migrate.ts).
-- The weekly on-call rota: who is tried, in which order, in which hours (local time of the line).
CREATE TABLE rota_shifts (
  id        uuid PRIMARY KEY,
  weekday   text NOT NULL CHECK (weekday IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
  starts    text NOT NULL CHECK (starts ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  ends      text NOT NULL CHECK (ends ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' AND ends > starts),
  user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- 0 is tried first, then 1, … (the backups).
  position  smallint NOT NULL CHECK (position >= 0),
  UNIQUE (weekday, starts, user_id)
);

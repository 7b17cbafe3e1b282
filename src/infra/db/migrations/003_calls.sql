-- The durable, anonymous call record (DESIGN §2, §4). Its id is our own UUID, never Twilio's CallSid. No exact
-- time is stored: the local date and the hour of day, and bands for how long the call and the wait took, so a row
-- cannot be matched against a telephone company's logs.
CREATE TABLE calls (
  id             uuid PRIMARY KEY,
  call_date      date NOT NULL,
  hour_band      smallint NOT NULL CHECK (hour_band BETWEEN 0 AND 23),
  line           text NOT NULL,
  status         text NOT NULL CHECK (status IN ('ringing', 'queued', 'answered', 'closed', 'blocked', 'missed',
                   'queue_timeout', 'abandoned', 'abandoned_in_queue')),
  language       text CHECK (language IN ('da', 'en')),
  duration_band  text CHECK (duration_band IN ('<5', '5-15', '15-30', '>30')),
  queue_band     text CHECK (queue_band IN ('none', '<1', '1-3', '3-5', '>5')),
  -- Seconds from the first ring to a psychologist accepting, rounded up to 10 s (for time-to-answer figures).
  answer_wait_s  integer CHECK (answer_wait_s >= 0),
  answered_by    uuid REFERENCES users (id)
);

CREATE INDEX calls_by_date ON calls (call_date);
CREATE INDEX calls_by_answerer ON calls (answered_by) WHERE answered_by IS NOT NULL;

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

-- The durable, anonymous call record (docs/architecture.md, "Anonymity rules", rules 2 and 3). Its id is our own UUID, never Twilio's CallSid. No exact
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

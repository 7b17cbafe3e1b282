-- Follow-up contact (docs/architecture.md, "Follow-up contact"): the one place where Stopline holds who someone is, because they asked for it.
-- No column references a call, a CallSid or an exact time: dates only, and the priority is copied, not joined.

-- Partner agencies (police, municipalities) sending consent declarations. Only a hash of each key is kept.
CREATE TABLE partners (
  id          uuid PRIMARY KEY,
  name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
  key_hash    text NOT NULL UNIQUE,
  created_on  date NOT NULL,
  revoked_on  date
);

CREATE TABLE followups (
  id                 uuid PRIMARY KEY,
  source             text NOT NULL CHECK (source IN ('consent', 'partner', 'queue')),
  partner_id         uuid REFERENCES partners (id),
  status             text NOT NULL CHECK (status IN ('open', 'closed')),
  priority           text NOT NULL CHECK (priority IN ('acute', 'high', 'moderate', 'low', 'not_assessed')),
  language           text NOT NULL CHECK (language IN ('da', 'en')),
  -- Preferred time windows, [{"day":"mon","from":"09:00","to":"12:00"}, …], in the line's time zone.
  windows            jsonb NOT NULL DEFAULT '[]',
  sms_allowed        boolean NOT NULL,
  voicemail_allowed  boolean NOT NULL,
  consent_version    text NOT NULL,
  -- Partners: the date the person signed the declaration.
  consent_date       date,
  created_on         date NOT NULL,
  -- The last working day for a first contact, and the moment after it (local midnight) when it is overdue.
  due_date           date NOT NULL,
  due_at             timestamptz NOT NULL,
  -- Set when the deadline passed with the follow-up still open (consoles told, supervisors see it as overdue).
  escalated          boolean NOT NULL DEFAULT false,
  attempts           smallint NOT NULL DEFAULT 0,
  unanswered         smallint NOT NULL DEFAULT 0,
  first_contact_on   date,
  result             text CHECK (result IN ('reached_booked', 'reached_declined', 'wrong_number', 'do_not_contact',
                       'max_attempts', 'expired')),
  closed_on          date,
  -- Something a person must look at, as a code (e.g. 'sms_unknown': a send may or may not have gone out).
  flag               text,
  CHECK ((status = 'closed') = (closed_on IS NOT NULL))
);

CREATE INDEX followups_open_by_due ON followups (due_at) WHERE status = 'open';
CREATE INDEX followups_by_created ON followups (created_on);

-- The sealed contact details: one random data key per follow-up, wrapped by the key-encryption key (its id kept
-- for rotation); every field AES-256-GCM under the data key with associated data naming the row and the field.
-- Shredding deletes the row: the data key and the ciphertexts go together.
CREATE TABLE followup_contacts (
  followup_id     uuid PRIMARY KEY REFERENCES followups (id) ON DELETE CASCADE,
  kek_id          text NOT NULL,
  wrapped_key     text NOT NULL,
  phone           text NOT NULL,
  name            text,
  case_reference  text,
  -- A queue call-back: the number is never shown, only "call via the line".
  phone_withheld  boolean NOT NULL DEFAULT false
);

CREATE INDEX followup_contacts_by_kek ON followup_contacts (kek_id);

-- The confirmation SMS, at most one per follow-up (the primary key). A row is claimed (pending -> sending) before
-- the send and marked sent with Twilio's message SID after; a row left in 'sending' is never sent again.
CREATE TABLE followup_outbox (
  followup_id  uuid PRIMARY KEY REFERENCES followups (id) ON DELETE CASCADE,
  status       text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'not_possible', 'failed', 'cancelled')),
  message_sid  text UNIQUE,
  -- Twilio's error code only (its messages quote the number).
  error_code   integer
);

CREATE INDEX followup_outbox_pending ON followup_outbox (status) WHERE status IN ('pending', 'sending');

CREATE TABLE followup_attempts (
  id           uuid PRIMARY KEY,
  followup_id  uuid NOT NULL REFERENCES followups (id) ON DELETE CASCADE,
  result       text NOT NULL CHECK (result IN ('no_answer', 'voicemail_left', 'reached_booked', 'reached_declined',
                 'wrong_number', 'do_not_contact')),
  made_on      date NOT NULL,
  made_by      uuid REFERENCES users (id)
);

CREATE INDEX followup_attempts_by_followup ON followup_attempts (followup_id);

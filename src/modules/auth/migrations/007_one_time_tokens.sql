-- One-time links: the first-run setup link and "set your password" links. Only a SHA-256 of the token is stored;
-- the token itself exists only in the link that was printed or shown once. A used token is deleted.
CREATE TABLE one_time_tokens (
  token_hash  text PRIMARY KEY,
  purpose     text NOT NULL CHECK (purpose IN ('setup', 'password')),
  user_id     uuid REFERENCES users (id) ON DELETE CASCADE,
  expires_at  timestamptz NOT NULL,
  CHECK ((purpose = 'setup') = (user_id IS NULL))
);

-- Two-factor login (TOTP). totp_secret (created in 001) holds the secret sealed with a key derived from CONTACT_KEY;
-- it is pending until the first code confirms it (totp_enabled). totp_last_step is the time step of the last code
-- accepted, so a code cannot be used twice within its window.
ALTER TABLE users
  ADD COLUMN totp_enabled   boolean NOT NULL DEFAULT false,
  ADD COLUMN totp_last_step bigint NOT NULL DEFAULT 0;

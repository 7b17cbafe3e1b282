-- Staff accounts. Callers never have one.
CREATE TABLE users (
  id            uuid PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
  password_hash text NOT NULL,
  roles         text[] NOT NULL CHECK (cardinality(roles) > 0
                  AND roles <@ ARRAY['psychologist', 'supervisor', 'admin']::text[]),
  phone         text,
  totp_secret   text,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

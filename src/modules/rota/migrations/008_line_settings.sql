-- The line's own settings that an admin changes while it runs: opening hours, closures with a note, the
-- public-holiday switch, the back-up duty (bagvagt) the emergency protocol names. One row; until an admin saves,
-- there is none and config/default.json gives the values.
CREATE TABLE line_settings (
  id          smallint PRIMARY KEY CHECK (id = 1),
  settings    jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The psychologist's anonymous outcome of a call (docs/architecture.md, "Outcome vocabulary and triage"): structured codes only, kept for statistics.
ALTER TABLE calls
  ADD COLUMN caller_type        text,
  ADD COLUMN outcome            text,
  ADD COLUMN referrals          text[] NOT NULL DEFAULT '{}',
  ADD COLUMN motivation         text,
  ADD COLUMN gender             text,
  ADD COLUMN age_band           text,
  ADD COLUMN region             text,
  ADD COLUMN relationship       text,
  ADD COLUMN stalking_duration  text,
  ADD COLUMN legal_status       text[] NOT NULL DEFAULT '{}',
  ADD COLUMN behaviours         text[] NOT NULL DEFAULT '{}',
  ADD COLUMN risk_flags         jsonb NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN safety_plan_made   boolean,
  ADD COLUMN escalations        text[] NOT NULL DEFAULT '{}',
  -- What the rules computed, and what the psychologist decided instead (with the reason) when they overrode it.
  ADD COLUMN triage_computed    text CHECK (triage_computed IN ('not_assessed', 'low', 'moderate', 'high', 'acute')),
  ADD COLUMN triage_override    text CHECK (triage_override IN ('not_assessed', 'low', 'moderate', 'high', 'acute')),
  ADD COLUMN triage_override_reason text;

CREATE INDEX calls_awaiting_outcome ON calls (answered_by) WHERE outcome IS NULL AND answered_by IS NOT NULL;

-- Free-text notes, discouraged (docs/architecture.md, "Anonymity rules", rule 6): apart from the record, never in statistics, and shredded after
-- retention.notesDays by a daily job. Only the date is kept, to know when to shred.
CREATE TABLE call_notes (
  call_id     uuid PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
  body        text NOT NULL,
  written_on  date NOT NULL
);

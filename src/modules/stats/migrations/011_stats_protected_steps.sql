-- The suppression pattern of each protected step of a year's case-mix (docs/architecture.md, "Statistics and
-- disclosure control"): which cells were hidden ('small' or 'protecting') and which were withheld. A step is computed
-- once, from the month snapshots, and kept: what was published then is what is published for good, by every
-- instance and after every restart or upgrade. Each response still audits the stored pattern before it leaves.
CREATE TABLE stats_protected_steps (
  year        integer NOT NULL,
  step        integer NOT NULL CHECK (step BETWEEN 1 AND 12),
  min_cell    integer NOT NULL,
  computed_on date NOT NULL,
  pattern     jsonb NOT NULL,
  PRIMARY KEY (year, step, min_cell)
);

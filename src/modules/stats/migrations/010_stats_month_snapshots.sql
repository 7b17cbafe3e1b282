-- The case-mix counts of each month, taken once when the month becomes available (docs/architecture.md,
-- "Statistics and disclosure control"). Quarters and years are sums of these, and disclosure control works on them,
-- so what is published for a period never changes: an outcome saved late, a correction, would otherwise change a
-- count between two readings and the difference would describe one call.
CREATE TABLE stats_month_snapshots (
  month     date PRIMARY KEY CHECK (extract(day FROM month) = 1),
  taken_on  date NOT NULL,
  counts    jsonb NOT NULL
);

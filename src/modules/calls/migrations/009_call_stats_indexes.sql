-- Indexes for the supervisors' statistics (docs/architecture.md, "Statistics and disclosure control"). Operational
-- figures read every call of a period by date: a covering index lets PostgreSQL answer them from the index alone.
-- Case-mix reads only calls with a saved outcome, month by month.
CREATE INDEX calls_stats_operational ON calls (call_date) INCLUDE (status, hour_band, answer_wait_s, duration_band, queue_band);
CREATE INDEX calls_stats_case_mix ON calls (call_date) WHERE outcome IS NOT NULL;

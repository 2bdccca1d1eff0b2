-- Jobs that must run once per period across all hub replicas (retention, for a start): a replica
-- runs one only if it claims the period here first (Leases.claim). The row lock of the upsert makes
-- the claim atomic: of two replicas claiming at once, the second sees the first's start and backs off.
CREATE TABLE job_runs (
    job        text PRIMARY KEY,
    holder     text        NOT NULL,
    started_at timestamptz NOT NULL
);

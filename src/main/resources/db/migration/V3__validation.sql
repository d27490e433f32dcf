-- Validation runs: run-level errors in both languages, the number of checks a run had (for progress), and an
-- index for the claims and sweeps of the workers.
alter table validation_run add column error_en varchar(2000);
alter table validation_run add column total integer not null default 0;
create index validation_run_claim on validation_run (state, claimed_by, started_at);

-- An idle sandbox's runtime is stopped to free its memory and woken by its learner's next command: the row says so,
-- so that the reconciler leaves it stopped and the gateway, the checks and the terminal wake it first.
alter table sandbox add column suspended_at timestamp with time zone;

-- The replica working on a sandbox (provisioning or tearing it down) and until when its claim holds unless it
-- renews it: a claim that lapses (the replica died) or that a restarted replica finds from its previous life
-- is taken over at once. Written for PostgreSQL and H2 in PostgreSQL mode.

alter table sandbox add column claimed_by varchar(200);
alter table sandbox add column claimed_until timestamp with time zone;

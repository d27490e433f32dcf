-- Warm pools: sandboxes started in advance for a lab, owned by nobody until a create claims one. Written for
-- PostgreSQL and H2 in PostgreSQL mode.

-- A pooled sandbox has no tenant and no learner; a claim gives it both in one update. Never one without the other.
alter table sandbox alter column tenant_id drop not null;
alter table sandbox alter column learner_id drop not null;
alter table sandbox add constraint sandbox_owner_whole
    check ((tenant_id is null and learner_id is null) or (tenant_id is not null and learner_id is not null));
-- What a claim and the refiller look for: a lab's sandboxes in a state.
create index sandbox_lab_state on sandbox (lab_id, state);

-- Pool sizes an admin set at run time (PUT /api/v1/pools/{labId}), read by every replica; a lab without a row
-- keeps the size of labfleet.pool.size.<lab>, else its lab.yaml's warmPool.
create table warm_pool_size (
    lab_id     varchar(63)  primary key,
    size       integer      not null check (size >= 0),
    updated_at timestamp with time zone not null,
    updated_by varchar(255) not null
);

-- One replica at a time refills the pools.
insert into lifecycle_lease (name, holder, held_until)
values ('warm-pools', null, timestamp with time zone '1970-01-01 00:00:00+00');

-- Changing a pool's size is audited; it belongs to no tenant (only admins read such entries), and its target is a
-- lab (ids up to 63 characters).
alter table audit_event alter column tenant_id drop not null;
alter table audit_event alter column target_id set data type varchar(63);

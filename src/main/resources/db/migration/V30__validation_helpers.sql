-- The containers validation runs created inside a sandbox (probes, file readers), by the id its daemon gave them:
-- checks leave out exactly these, with their events, in this run and in every later one. A label would not do:
-- the learner can put any label on a container of their own to hide it from the checks.
create table validation_helper (
    sandbox_id   varchar(40)  not null references sandbox (id),
    container_id varchar(128) not null,
    created_at   timestamp with time zone not null,
    primary key (sandbox_id, container_id)
);

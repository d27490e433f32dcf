-- The host uids of labfleet.docker.rootless-uid-first/-count that this installation's rootless sandboxes run as,
-- one per sandbox: the primary key is what keeps two replicas from running two sandboxes as one uid (whose kernel
-- limits they would share). Written for PostgreSQL and H2 in PostgreSQL mode.

create table docker_uid_lease (
    uid        integer      primary key,
    sandbox_id varchar(64)  not null unique,
    leased_at  timestamp with time zone not null
);

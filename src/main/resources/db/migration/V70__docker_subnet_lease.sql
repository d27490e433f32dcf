-- The subnets of labfleet.docker.subnet-pool that this installation's sandbox networks hold, one per sandbox: the
-- primary key is what keeps two replicas from giving one subnet to two sandboxes. Written for PostgreSQL and H2 in
-- PostgreSQL mode.

create table docker_subnet_lease (
    subnet     varchar(18)  primary key,
    sandbox_id varchar(64)  not null unique,
    leased_at  timestamp with time zone not null
);

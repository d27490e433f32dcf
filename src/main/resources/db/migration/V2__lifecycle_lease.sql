-- Leases let one replica at a time run a lifecycle task that looks at the whole fleet (the reconciler).
-- Written for PostgreSQL and H2 in PostgreSQL mode.

create table lifecycle_lease (
    name       varchar(63)  primary key,
    holder     varchar(100),
    held_until timestamp with time zone not null
);

insert into lifecycle_lease (name, holder, held_until)
values ('reconciler', null, timestamp with time zone '1970-01-01 00:00:00+00');

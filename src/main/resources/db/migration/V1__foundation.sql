-- Labfleet schema. Written for PostgreSQL (production, tests) and H2 in PostgreSQL mode (embedded default).

create table tenant (
    id                        varchar(63)  primary key,
    display_name              varchar(200) not null,
    max_active_sandboxes      integer      not null,
    max_sandboxes_per_learner integer      not null,
    max_lifetime_minutes      integer      not null,
    created_at                timestamp with time zone not null,
    updated_at                timestamp with time zone not null
);

create table sandbox (
    id               varchar(40)   primary key,
    tenant_id        varchar(63)   not null references tenant (id),
    learner_id       varchar(255)  not null,
    learner_name     varchar(255),
    lab_id           varchar(63)   not null,
    state            varchar(20)   not null,
    reason           varchar(1000),
    backend          varchar(20)   not null,
    daemon_host      varchar(255),
    daemon_port      integer,
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null,
    ready_at         timestamp with time zone,
    expires_at       timestamp with time zone not null,
    terminated_at    timestamp with time zone,
    last_activity_at timestamp with time zone,
    version          bigint        not null default 0
);
create index sandbox_tenant_state on sandbox (tenant_id, state);
create index sandbox_learner on sandbox (tenant_id, learner_id);
create index sandbox_state_expiry on sandbox (state, expires_at);

create table ssh_key (
    id          varchar(40)   primary key,
    tenant_id   varchar(63)   not null,
    learner_id  varchar(255)  not null,
    name        varchar(64)   not null,
    key_type    varchar(40)   not null,
    public_key  varchar(8000) not null,
    fingerprint varchar(60)   not null,
    bits        integer       not null,
    comment     varchar(200),
    created_at  timestamp with time zone not null,
    constraint ssh_key_name_unique unique (tenant_id, learner_id, name)
);
create index ssh_key_fingerprint on ssh_key (fingerprint);

create table validation_run (
    id           varchar(40)  primary key,
    sandbox_id   varchar(40)  not null references sandbox (id),
    tenant_id    varchar(63)  not null,
    learner_id   varchar(255) not null,
    lab_id       varchar(63)  not null,
    state        varchar(20)  not null,
    error        varchar(2000),
    claimed_by   varchar(100),
    created_at   timestamp with time zone not null,
    started_at   timestamp with time zone,
    finished_at  timestamp with time zone,
    passed       integer      not null default 0,
    failed       integer      not null default 0,
    errors       integer      not null default 0
);
create index validation_run_sandbox on validation_run (sandbox_id, created_at);
create index validation_run_state on validation_run (state, created_at);
create index validation_run_progress on validation_run (tenant_id, learner_id, lab_id);

create table check_result (
    id          varchar(40)   primary key,
    run_id      varchar(40)   not null references validation_run (id) on delete cascade,
    position    integer       not null,
    check_id    varchar(63)   not null,
    status      varchar(10)   not null,
    message_fr  varchar(2000) not null,
    message_en  varchar(2000),
    duration_ms bigint        not null,
    constraint check_result_unique unique (run_id, check_id)
);

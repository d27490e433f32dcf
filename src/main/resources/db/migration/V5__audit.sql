-- Audit log: what instructors and admins did to sandboxes that are not theirs (who, what, when, target, tenant).
create table audit_event (
    id           varchar(40)   primary key,
    occurred_at  timestamp with time zone not null,
    tenant_id    varchar(63)   not null,
    actor_id     varchar(255)  not null,
    actor_name   varchar(255),
    actor_role   varchar(20)   not null,
    action       varchar(40)   not null,
    target_type  varchar(20)   not null,
    target_id    varchar(40)   not null,
    target_owner varchar(255),
    target_owner_name varchar(255),
    detail       varchar(1000)
);
create index audit_event_tenant_time on audit_event (tenant_id, occurred_at);
create index audit_event_time on audit_event (occurred_at);
create index audit_event_target on audit_event (target_id);

-- Single-use tickets that open a sandbox's terminal WebSocket (browsers cannot send a bearer token on a socket).
-- Only the ticket's SHA-256 is stored: what the database holds cannot open a terminal. Used and expired
-- tickets are kept a little while, so that a second use is refused as "already used", not "unknown".
create table terminal_ticket (
    ticket_hash  varchar(64)   primary key,
    sandbox_id   varchar(40)   not null,
    tenant_id    varchar(63),
    subject      varchar(255)  not null,
    display_name varchar(255),
    roles        varchar(255)  not null,
    issued_at    timestamp with time zone not null,
    expires_at   timestamp with time zone not null,
    redeemed_at  timestamp with time zone
);
create index terminal_ticket_expiry on terminal_ticket (expires_at);

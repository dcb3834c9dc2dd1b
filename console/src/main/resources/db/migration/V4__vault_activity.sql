-- What the vault overview counts: recovery points, jobs and alerts per vault. The backup, jobs and monitoring
-- issues fill and extend these tables; the portal only reads them.
create table recovery_point (
    id                uuid primary key,
    vault_id          uuid   not null references vault (id),
    protected_item_id uuid   not null references protected_item (id),
    created_at        timestamp with time zone not null,
    size_bytes        bigint not null default 0
);
create index recovery_point_vault on recovery_point (vault_id, created_at);

create table backup_job (
    id         uuid primary key,
    vault_id   uuid        not null references vault (id),
    operation  varchar(32) not null,
    status     varchar(16) not null,
    started_at timestamp with time zone not null,
    ended_at   timestamp with time zone
);
create index backup_job_vault on backup_job (vault_id, started_at);

create table vault_alert (
    id        uuid primary key,
    vault_id  uuid         not null references vault (id),
    severity  varchar(16)  not null,
    title     varchar(255) not null,
    raised_at timestamp with time zone not null
);
create index vault_alert_vault on vault_alert (vault_id, raised_at);

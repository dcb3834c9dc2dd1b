-- Reports an agent must deliver exactly once: the console remembers which it has accepted.
create table agent_delivery (
    server_id   uuid        not null references registered_server (id) on delete cascade,
    delivery_id varchar(64) not null,
    received_at timestamp with time zone not null,
    primary key (server_id, delivery_id)
);

-- Recovery points as agents report them (no keys, no content: ids, sizes, pack ids). Extends the table the vault
-- overview counts (V4).
alter table recovery_point add column server_id uuid;
alter table recovery_point add column recovery_point_id varchar(128);
alter table recovery_point add column item varchar(32);
alter table recovery_point add column file_count bigint not null default 0;
alter table recovery_point add column new_bytes bigint not null default 0;
alter table recovery_point add column reused_bytes bigint not null default 0;
alter table recovery_point add column received_at timestamp with time zone;
create unique index recovery_point_unique on recovery_point (server_id, recovery_point_id);
create index recovery_point_server_time on recovery_point (server_id, created_at);

create table recovery_point_pack (
    recovery_point uuid         not null references recovery_point (id) on delete cascade,
    pack_id        varchar(128) not null,
    primary key (recovery_point, pack_id)
);

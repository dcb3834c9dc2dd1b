-- Reports an agent must deliver exactly once: the console remembers which it has accepted.
create table agent_delivery (
    server_id   uuid        not null references registered_server (id) on delete cascade,
    delivery_id varchar(64) not null,
    received_at timestamp with time zone not null,
    primary key (server_id, delivery_id)
);

-- The catalog of recovery points, as agents report them (no keys, no content: ids, sizes, pack ids).
create table recovery_point (
    id                uuid primary key,
    server_id         uuid         not null references registered_server (id) on delete cascade,
    recovery_point_id varchar(128) not null,
    item              varchar(32)  not null,
    created_at        timestamp with time zone not null,
    file_count        bigint       not null,
    total_bytes       bigint       not null,
    new_bytes         bigint       not null,
    reused_bytes      bigint       not null,
    received_at       timestamp with time zone not null,
    constraint recovery_point_unique unique (server_id, recovery_point_id)
);
create index recovery_point_server_time on recovery_point (server_id, created_at);

create table recovery_point_pack (
    recovery_point uuid         not null references recovery_point (id) on delete cascade,
    pack_id        varchar(128) not null,
    primary key (recovery_point, pack_id)
);

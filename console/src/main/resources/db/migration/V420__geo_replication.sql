-- Geo-replication (docs/decisions/025-geo-replication.md): what the console copied of each vault's blobs to its
-- location's paired location, so a restart or a store outage resumes where it stopped and nothing is copied twice.
-- Portable SQL: runs on H2 and PostgreSQL.
create table replica_blob (
    vault_id      uuid          not null,
    server_id     uuid          not null,
    name          varchar(512)  not null,
    -- the location the copy is in (a re-paired location starts over)
    target_id     uuid          not null references storage_location (id),
    size_bytes    bigint        not null,
    -- sha256:<hex> when the bytes passed through the console, md5:<base64> from the service, null when it keeps none
    content_hash  varchar(100),
    copied_at     timestamp with time zone not null,
    -- when the primary stopped holding it; the secondary copy goes once the vault's soft-delete period has passed
    gone_since    timestamp with time zone,
    primary key (vault_id, server_id, name)
);
create index replica_blob_gone on replica_blob (gone_since);

-- One row per geo-redundant vault: where its secondary copy is, how far behind it is, and its Cross Region Restore
-- setting.
create table replication_state (
    vault_id              uuid primary key,
    target_id             uuid references storage_location (id),
    seeding               boolean      not null default false,
    pending_blobs         bigint       not null default 0,
    pending_bytes         bigint       not null default 0,
    total_blobs           bigint       not null default 0,
    last_scan_at          timestamp with time zone,
    last_copied_at        timestamp with time zone,
    lagging_since         timestamp with time zone,
    last_error            varchar(2000),
    cross_region_restore  boolean      not null default false
);

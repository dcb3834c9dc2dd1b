-- Retention clean-up (docs/decisions/012-retention-cleanup.md). Plain SQL for H2 and PostgreSQL.

-- A recovery point is ACTIVE (kept), or SOFT_DELETED by a clean-up: its snapshot blob and the packs no kept point
-- needs are under deleted/ until purge_after, when the purge removes them and the row.
alter table recovery_point add column state varchar(16) default 'ACTIVE' not null;
-- Back Up Now's "retain till": an on-demand point expires after this instant (null: no such limit).
alter table recovery_point add column retain_until timestamp with time zone;
alter table recovery_point add column deleted_at timestamp with time zone;
alter table recovery_point add column purge_after timestamp with time zone;
alter table recovery_point add column deleted_by_job uuid;
-- set when an owner or contributor undeletes a point; scheduled expiry leaves such points alone
alter table recovery_point add column undeleted_at timestamp with time zone;
create index recovery_point_state on recovery_point (server_id, state);

-- Tombstones: every blob a clean-up moved from <name> to deleted/<name> in the server's container or folder, until
-- it is purged or restored. A row exists exactly while the blob is (or is being moved) under deleted/.
create table deleted_blob (
    server_id   uuid          not null,
    blob_name   varchar(200)  not null,
    kind        varchar(16)   not null,
    -- the pack id (kind PACK) or recovery point id (kind SNAPSHOT) the blob holds
    ref_id      varchar(128)  not null,
    size_bytes  bigint        default -1 not null,
    deleted_at  timestamp with time zone not null,
    purge_after timestamp with time zone not null,
    job_id      uuid          not null,
    moved       boolean       default false not null,
    primary key (server_id, blob_name)
);
create index deleted_blob_purge on deleted_blob (purge_after);
create index deleted_blob_job on deleted_blob (job_id);

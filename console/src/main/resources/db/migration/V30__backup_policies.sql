-- Named backup policies per vault (items, schedule, GFS retention, throttling) and which server runs which.
-- Lists are stored as text: items and days comma-separated, paths one a line.
create table backup_policy (
    id                    uuid         not null primary key,
    vault_id              uuid         not null references vault (id) on delete cascade,
    name                  varchar(100) not null,
    name_key              varchar(100) not null,
    items                 varchar(100) not null,
    include_paths         varchar(110000),
    exclude_patterns      varchar(110000),
    frequency             varchar(8)   not null,
    times                 varchar(32)  not null,
    days                  varchar(80),
    time_zone             varchar(64)  not null,
    daily_days            integer      not null,
    weekly_weeks          integer      not null,
    weekly_on             varchar(10),
    monthly_months        integer      not null,
    monthly_on_day        integer      not null,
    yearly_years          integer      not null,
    yearly_in             varchar(10),
    yearly_on_day         integer      not null,
    throttle_work_kbps    bigint,
    throttle_nonwork_kbps bigint,
    throttle_work_days    varchar(80),
    throttle_work_start   varchar(5),
    throttle_work_end     varchar(5),
    throttle_uploads      integer,
    revision              integer      not null,
    created_at            timestamp with time zone not null,
    created_by            varchar(128) not null,
    updated_at            timestamp with time zone not null,
    updated_by            varchar(128) not null,
    constraint backup_policy_name unique (vault_id, name_key)
);

-- The console is the authority: expected_hash is what the server must run, reported_hash what its agent says it runs.
create table server_policy (
    server_id      uuid        not null primary key references registered_server (id) on delete cascade,
    policy_id      uuid        references backup_policy (id),
    expected_hash  varchar(64) not null,
    assigned_at    timestamp with time zone not null,
    assigned_by    varchar(128) not null,
    sent_at        timestamp with time zone,
    reported_hash  varchar(64),
    reported_at    timestamp with time zone,
    drifted        boolean     not null default false,
    drift_detail   varchar(500)
);
create index server_policy_policy on server_policy (policy_id);

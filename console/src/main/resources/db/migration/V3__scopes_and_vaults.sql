-- Subscriptions and resource groups (the scopes roles can be granted at), storage locations and
-- Recovery Services vaults. Portable SQL: runs on H2 and PostgreSQL.
create table subscription (
    id         uuid primary key,
    name       varchar(64) not null,
    name_key   varchar(64) not null,
    created_at timestamp with time zone not null,
    created_by varchar(128) not null,
    constraint subscription_name_key unique (name_key)
);

create table resource_group (
    id              uuid primary key,
    subscription_id uuid        not null references subscription (id),
    name            varchar(90) not null,
    name_key        varchar(90) not null,
    created_at      timestamp with time zone not null,
    created_by      varchar(128) not null,
    constraint resource_group_name_key unique (subscription_id, name_key)
);

-- Where vaults keep their data: a folder reachable by the agents, or an Azure Blob account.
-- credential_sealed holds the account credential encrypted with the console's data key; never shown back.
create table storage_location (
    id                 uuid primary key,
    name               varchar(40)  not null,
    name_key           varchar(40)  not null,
    display_name       varchar(80)  not null,
    kind               varchar(16)  not null,
    folder_path        varchar(1024),
    account_url        varchar(1024),
    credential_sealed  varchar(4096),
    paired_location_id uuid references storage_location (id),
    created_at         timestamp with time zone not null,
    constraint storage_location_name_key unique (name_key)
);

create table vault (
    id                        uuid primary key,
    name                      varchar(50)  not null,
    name_key                  varchar(50)  not null,
    subscription_id           uuid         not null references subscription (id),
    resource_group_id         uuid         not null references resource_group (id),
    location_id               uuid         not null references storage_location (id),
    redundancy                varchar(24)  not null,
    soft_delete_enabled       boolean      not null,
    soft_delete_days          integer      not null,
    -- an owner asked to disable soft delete; another owner must confirm
    soft_delete_off_requested_by varchar(128),
    soft_delete_off_requested_at timestamp with time zone,
    goal_workload             varchar(24),
    goal_item                 varchar(24),
    created_at                timestamp with time zone not null,
    created_by                varchar(128) not null,
    constraint vault_name_key unique (subscription_id, name_key)
);
create index vault_resource_group on vault (resource_group_id);

-- Items under protection in a vault (filled by the backup issues; the portal only reads it, and redundancy
-- changes are refused once a vault has any).
create table protected_item (
    id            uuid primary key,
    vault_id      uuid         not null references vault (id),
    server_id     uuid,
    kind          varchar(24)  not null,
    name          varchar(255) not null,
    protected_at  timestamp with time zone not null,
    storage_bytes bigint       not null default 0
);
create index protected_item_vault on protected_item (vault_id);

-- Vault credentials files issued by the console; only the secret's hash is kept.
create table vault_credential (
    id          uuid primary key,
    vault_id    uuid         not null references vault (id),
    secret_hash varchar(128) not null,
    key_id      varchar(64)  not null,
    issued_at   timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    issued_by   varchar(128) not null,
    revoked_at  timestamp with time zone
);
create index vault_credential_vault on vault_credential (vault_id);

create index role_assignment_scope on role_assignment (scope_kind, scope_id);

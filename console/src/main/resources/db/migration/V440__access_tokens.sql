-- Access tokens for the REST API (/api/v1): made by a user for themselves, never wider than their own roles, optionally
-- limited to one vault. Only the SHA-256 of the secret is kept; the secret is shown once. Revoked tokens stay listed
-- (revoked_at) so the audit log's token names keep their meaning. Portable SQL: runs on H2 and PostgreSQL.
create table access_token (
    id           uuid primary key,
    user_id      uuid                     not null references console_user (id),
    name         varchar(64)              not null,
    secret_hash  varchar(64)              not null,
    role         varchar(32)              not null,
    vault_id     uuid,
    created_at   timestamp with time zone not null,
    expires_at   timestamp with time zone not null,
    revoked_at   timestamp with time zone,
    last_used_at timestamp with time zone
);
create unique index access_token_secret_hash on access_token (secret_hash);
create index access_token_user on access_token (user_id);

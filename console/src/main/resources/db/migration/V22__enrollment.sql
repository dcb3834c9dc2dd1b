-- Enrollment requests are signed and single-use: their nonces are kept until the request could no longer be fresh.
create table enrollment_nonce (
    nonce      varchar(64) primary key,
    expires_at timestamp with time zone not null
);
create index enrollment_nonce_expiry on enrollment_nonce (expires_at);

-- An owner may let a reinstalled server take over its registration (and backups) until this time.
alter table registered_server add column reregistration_until timestamp with time zone;
create index registered_server_vault_name on registered_server (vault_id, name_key);

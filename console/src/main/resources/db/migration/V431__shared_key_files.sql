-- The console's key files (private keys sealed with the master key, public halves), shared by every console node
-- (docs/decisions/026). Base64 text: the same column type on H2 and PostgreSQL.
create table console_key_file (
    name        varchar(200) primary key,
    content     text                     not null,
    updated_at  timestamp with time zone not null
);

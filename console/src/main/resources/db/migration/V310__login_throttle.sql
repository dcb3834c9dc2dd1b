-- Failed sign-ins, counted per account (across every address) and per address, in the database so that every
-- console node sees the same counts. One row per key; rows expire once their window and longest wait are over.
-- Portable SQL: runs on H2 and PostgreSQL.
create table login_throttle (
    throttle_key  varchar(300) primary key,
    failures      integer                  not null,
    window_start  timestamp with time zone not null,
    last_failure  timestamp with time zone not null
);
create index login_throttle_last_failure on login_throttle (last_failure);

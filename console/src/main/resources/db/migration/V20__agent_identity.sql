-- Enrolled agents prove possession of their key on every connection (see docs/protocol.md, "Agent identity").
alter table registered_server add column public_key varchar(128);
alter table registered_server add column key_registered_at timestamp with time zone;
alter table registered_server add column revoked_at timestamp with time zone;
alter table registered_server add column revoked_reason varchar(255);

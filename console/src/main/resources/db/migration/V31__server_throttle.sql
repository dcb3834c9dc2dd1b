-- Network throttling for one server, overriding its policy's (MARS lets each server have its own): the
-- NetworkThrottle as JSON, or null to use the policy's.
alter table server_policy add column throttle_override varchar(1000);

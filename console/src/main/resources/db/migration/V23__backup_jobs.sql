-- Jobs run by agents (Back Up Now now; scheduled backups, restores and clean-ups later), with their live progress.
alter table backup_job add column server_id uuid;
alter table backup_job add column item varchar(32);
alter table backup_job add column trigger_kind varchar(16);
alter table backup_job add column requested_by varchar(128);
alter table backup_job add column paths varchar(4000);
alter table backup_job add column stage varchar(16);
alter table backup_job add column files_done bigint not null default 0;
alter table backup_job add column bytes_done bigint not null default 0;
alter table backup_job add column bytes_total bigint not null default -1;
alter table backup_job add column bytes_per_second bigint not null default 0;
alter table backup_job add column bytes_transferred bigint not null default 0;
alter table backup_job add column recovery_point_id varchar(128);
alter table backup_job add column detail varchar(2000);
create index backup_job_started on backup_job (started_at);
create index backup_job_server on backup_job (server_id, started_at);

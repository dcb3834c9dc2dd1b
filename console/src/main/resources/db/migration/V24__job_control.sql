-- Job control: cancel requests, stalled-job detection, and how long an on-demand recovery point is kept.
alter table backup_job add column last_report_at timestamp with time zone;
alter table backup_job add column stalled_at timestamp with time zone;
alter table backup_job add column cancel_requested_by varchar(128);
alter table backup_job add column cancel_requested_at timestamp with time zone;
alter table backup_job add column retain_until date;
create index backup_job_status on backup_job (status, last_report_at);

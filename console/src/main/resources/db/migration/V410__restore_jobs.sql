-- Recover Data: a restore is a job (operation RESTORE, stages PRECHECK, RESTORE, FINALIZE). The operations are one
-- vocabulary with the console's JobOperation enum (JobVocabularyTest compares the lists on H2 and PostgreSQL).
alter table backup_job add constraint backup_job_operation_known check (operation in
    ('BACKUP', 'RESTORE', 'RETENTION_CLEANUP', 'PURGE'));
alter table backup_job drop constraint backup_job_stage_known;
alter table backup_job add constraint backup_job_stage_known check (stage in
    ('QUEUED', 'PRECHECK', 'SNAPSHOT', 'UPLOAD', 'WAITING_FOR_STORAGE', 'FINALIZE', 'RESTORE', 'RUNNING', 'DONE'));
-- the server whose backups a restore reads (null: the job's own server, or not a restore)
alter table backup_job add column source_server_id uuid;

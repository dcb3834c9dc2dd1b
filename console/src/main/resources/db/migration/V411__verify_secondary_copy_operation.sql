-- Geo-replication's Verify secondary copy is a console maintenance job too: its operation joins the vocabulary
-- (JobOperation; JobVocabularyTest compares the lists on H2 and PostgreSQL).
alter table backup_job drop constraint backup_job_operation_known;
alter table backup_job add constraint backup_job_operation_known check (operation in
    ('BACKUP', 'RESTORE', 'RETENTION_CLEANUP', 'PURGE', 'VERIFY_SECONDARY_COPY'));

-- Job outcomes and stages are one vocabulary (shared-protocol JobOutcome, JobStage; console JobStatus adds the open
-- states QUEUED and IN_PROGRESS). The columns were too narrow for COMPLETED_WITH_WARNINGS (23) and
-- WAITING_FOR_STORAGE (19): a report with either failed to store. Now wide enough for every value, and checked
-- against exactly the enums' names (JobVocabularyTest compares the lists on H2 and PostgreSQL).
alter table backup_job alter column status set data type varchar(32);
alter table backup_job alter column stage set data type varchar(32);
alter table backup_job add constraint backup_job_status_known check (status in
    ('QUEUED', 'IN_PROGRESS', 'COMPLETED', 'COMPLETED_WITH_WARNINGS', 'FAILED', 'CANCELLED'));
alter table backup_job add constraint backup_job_stage_known check (stage in
    ('QUEUED', 'PRECHECK', 'SNAPSHOT', 'UPLOAD', 'WAITING_FOR_STORAGE', 'FINALIZE', 'RUNNING', 'DONE'));
-- how many items the backup skipped beyond those listed in backup_job_skipped_item
alter table backup_job add column skipped_not_listed bigint not null default 0;
-- what the console could not store of an agent's report on this job, and when (null once a report was stored)
alter table backup_job add column report_problem varchar(2000);
alter table backup_job add column report_problem_at timestamp with time zone;

-- The items a backup completed with warnings could not include (the first 1,000, as MARS's LastBackupFailedFiles).
create table backup_job_skipped_item (
    job_id   uuid          not null references backup_job (id) on delete cascade,
    position integer       not null,
    path     varchar(1024) not null,
    reason   varchar(512)  not null,
    primary key (job_id, position)
);

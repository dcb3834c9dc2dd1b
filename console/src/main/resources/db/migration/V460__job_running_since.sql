-- When the agent began running a job (its first report, or the start it announced for a scheduled backup), so the
-- job page can show how long the backup itself took apart from the time it waited for its agent (issue 21).
alter table backup_job add column running_since timestamp with time zone;

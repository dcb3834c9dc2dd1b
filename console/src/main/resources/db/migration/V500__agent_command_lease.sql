-- At-least-once delivery of relayed agent commands that start a job (docs/decisions/031). A node takes such a command
-- by leasing it (claimed_by, claimed_until) instead of deleting it; the row is deleted when the agent reports on the
-- job (its first job-progress or its job-finished, received by any node). A lease that runs out before that makes the
-- command claimable again by whichever node holds the agent then; the agent runs a job id once, however often it is
-- told. Commands without a job id (job_id null) are still deleted when taken.
alter table pending_agent_command add column job_id varchar(100);
alter table pending_agent_command add column claimed_by varchar(100);
alter table pending_agent_command add column claimed_until timestamp with time zone;
create index pending_agent_command_job on pending_agent_command (server_id, job_id);

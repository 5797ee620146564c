-- An ODL import job runs on the instance that accepted it; that instance beats its heart on the job while it is queued
-- or running, so that a job whose instance died is ended as interrupted instead of showing "running" for ever.
alter table odl_import_job add column heartbeat_at timestamptz;
create index odl_import_job_unfinished on odl_import_job (heartbeat_at) where state in ('queued', 'running');

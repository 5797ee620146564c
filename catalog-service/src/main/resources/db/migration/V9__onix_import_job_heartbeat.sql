-- Issue 14 (review follow-up, as license-service's V11 for ODL import jobs): an ONIX import job runs on the instance
-- that accepted it (an uploaded file lives on its disk only); that instance beats its heart on the job while it is
-- queued or running, so that a job whose instance died is ended as interrupted instead of showing RUNNING for ever.
-- error_code is the stable code of why a job failed when it has one (onix-import-interrupted); error keeps the words.
alter table import_job add column heartbeat_at timestamptz, add column error_code text;
create index import_job_unfinished on import_job (heartbeat_at) where status in ('QUEUED', 'RUNNING');

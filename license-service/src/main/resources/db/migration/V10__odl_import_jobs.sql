-- ODL imports run as background jobs (issue 16): the staff console follows one with a progress bar. The counters move
-- as each publication commits, so any instance can answer the poll; the report (every licence's result, as the
-- synchronous import answers it) is stored when the job is done.
create table odl_import_job (
    id                 uuid primary key,
    state              text not null check (state in ('queued', 'running', 'done', 'failed')),
    feed_url           text not null,
    distributor        text,
    reconcile          boolean not null,
    pages              int not null default 0,
    -- licences listed by the pages read so far (grows while the feed is read; at the end, every result counted)
    total              int,
    processed          int not null default 0,
    imported           int not null default 0,
    updated            int not null default 0,
    unchanged          int not null default 0,
    rejected           int not null default 0,
    marked_unavailable int not null default 0,
    error_code         text,
    error_detail       text,
    report             jsonb,
    created_at         timestamptz not null default now(),
    started_at         timestamptz,
    finished_at        timestamptz
);
create index odl_import_job_created on odl_import_job (created_at);

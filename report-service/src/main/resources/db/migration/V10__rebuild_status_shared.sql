-- The last rebuild's state, read by every instance (issue 17: a rebuild on one instance is seen, and refused twice, on all).
create table rebuild_status (
    id            int primary key check (id = 1),
    state         text        not null,
    started_at    timestamptz,
    finished_at   timestamptz,
    records_done  bigint      not null,
    records_total bigint      not null,
    failure       text
);

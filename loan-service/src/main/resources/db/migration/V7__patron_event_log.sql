-- Live updates for apps (issue 15): each patron's recent loan and hold changes, so that a stream reconnecting with
-- Last-Event-ID gets exactly what it missed. The outbox rows cannot serve: the relay deletes them once published.
-- Written by PatronEventLog in the same transaction as the outbox row, with that row's id as the sequence (the SSE
-- event id); pruned after lainaamo.live.keep (1 hour). Holds a pseudonymous patron id only, and GDPR erasure deletes
-- the patron's rows at once.
create table patron_event_log (
    seq          bigint      not null,         -- outbox_event.id of the event this row was made from
    patron_id    uuid        not null,
    item_id      uuid        not null,         -- the loan or hold the change is about
    type         text        not null,         -- the SSE event name, e.g. loan.started, hold.position-changed
    position     integer,                      -- a waiting hold's place as last told (position changes are told once)
    data         text        not null,         -- the public JSON view sent as the SSE data
    logged_at    timestamptz not null default now(),
    -- The writing transaction, and the oldest transaction still running when the row was written. Sequences are
    -- taken at insert but become visible at commit, so a row with a lower sequence can commit after one with a
    -- higher sequence. Such a row's transaction was running when the higher one was written, so its tx is at least
    -- that row's tx_xmin. A reconnect replays such rows too (see PatronEventLog.after).
    tx           xid8        not null default pg_current_xact_id(),
    tx_xmin      xid8        not null default pg_snapshot_xmin(pg_current_snapshot()),
    -- one outbox event can concern several patrons (a queue change moves everyone behind), but a patron only once
    primary key (patron_id, seq)
);
-- live delivery looks up the rows of one event by the sequence its Kafka record carries
create index patron_event_log_seq on patron_event_log (seq);
-- the last position told for a hold
create index patron_event_log_item on patron_event_log (item_id, seq);
create index patron_event_log_logged on patron_event_log (logged_at);

-- The highest sequence the pruning has removed: a Last-Event-ID at or below it may have missed removed rows, so the
-- stream tells the app to fetch its shelf again (event: resync). One row.
create table patron_event_log_horizon (
    single          boolean primary key default true check (single),
    pruned_through  bigint  not null
);
insert into patron_event_log_horizon (pruned_through) values (0);

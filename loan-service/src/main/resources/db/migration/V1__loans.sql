-- One row per patron who has borrowed: locking it serializes that patron's borrows, so the loan limit and
-- "one active loan per title" hold even when the same patron borrows from two devices at once.
create table patron_lock (
    patron_id uuid primary key
);

create table loan (
    id              uuid primary key,
    patron_id       uuid        not null,
    publication_id  uuid        not null,
    licence_id      uuid        not null,
    municipality    text,
    library_id      uuid,
    state           text        not null,
    started_at      timestamptz not null,
    due_at          timestamptz not null,
    returned_at     timestamptz,
    idempotency_key text
);
create unique index loan_one_active_per_title on loan (patron_id, publication_id) where state = 'ACTIVE';
create unique index loan_idempotency_key on loan (patron_id, idempotency_key) where idempotency_key is not null;
create index loan_by_patron on loan (patron_id, started_at desc);

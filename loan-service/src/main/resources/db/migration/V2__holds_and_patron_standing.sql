-- Lending beyond the skeleton: renewals, expiry, the national hold queue, what loan-service learns about patrons,
-- libraries and titles from events, and anonymous statistics for finished loans.

-- A finished loan of a patron who did not opt in to loan history loses its patron id (anonymous statistics:
-- title, municipality, dates); so the patron id may be null from now on.
alter table loan alter column patron_id drop not null;
alter table loan add column renewals       int not null default 0;
alter table loan add column max_loan_days  int;
alter table loan add column licence_expires timestamptz;
alter table loan add column hold_id        uuid;
alter table loan add column updated_at     timestamptz;
create index loan_due on loan (due_at) where state = 'ACTIVE';
create index loan_by_title on loan (publication_id, state);

-- One row per title: locking it serializes every change of that title's queue (positions never have gaps or
-- duplicates), it carries the queue version published in hold.queue-changed, and the last availability that
-- license-service published (a read model: license-service stays the authority on seats).
create table title (
    publication_id       uuid primary key,
    queue_version        bigint  not null default 0,
    seats_total          int,
    seats_free           int,
    seats_held_for_holds int,
    availability_version bigint,
    name                 text,
    format               text,
    withdrawn            boolean not null default false
);

-- A patron's place in a title's national queue. Strict FIFO by placement: seq comes from a sequence, so two
-- holds placed in the same microsecond still have a definite order.
create table hold (
    id              uuid primary key,
    seq             bigserial not null unique,
    patron_id       uuid,
    publication_id  uuid        not null,
    municipality    text,
    library_id      uuid,
    state           text        not null,
    placed_at       timestamptz not null,
    suspended_until date,
    ready_at        timestamptz,
    ready_until     timestamptz,
    ended_at        timestamptz,
    end_reason      text,
    loan_id         uuid
);
create unique index hold_one_open_per_title on hold (patron_id, publication_id) where state in ('WAITING', 'READY');
create index hold_queue on hold (publication_id, seq) where state in ('WAITING', 'READY');
create index hold_by_patron on hold (patron_id, seq);
create index hold_ready_until on hold (ready_until) where state = 'READY';

-- What patron-service's events tell about a patron (no personal data: blocked flag and the history opt-in).
create table patron_standing (
    patron_id            uuid primary key,
    blocked              boolean not null default false,
    loan_history_opt_in  boolean not null default false
);

-- Libraries from patron-service's events: residents may borrow from the join date until the library leaves.
create table library_membership (
    library_id uuid primary key,
    join_date  date,
    left_on    date,
    status     text
);

-- Licences bought for publications. seats_taken and checkouts_left change only together with a seat row and a
-- consumption ledger row; the check constraints are the last line of defence against overselling.
create table licence (
    id              uuid primary key,
    publication_id  uuid        not null,
    concurrency     int         not null check (concurrency > 0),
    checkouts_total int         check (checkouts_total > 0),
    checkouts_left  int         check (checkouts_left >= 0),
    expires         timestamptz,
    max_loan_days   int         check (max_loan_days > 0),
    seats_taken     int         not null default 0,
    created_at      timestamptz not null default now(),
    constraint seats_within_concurrency check (seats_taken >= 0 and seats_taken <= concurrency),
    constraint checkouts_within_total check (checkouts_left is null or checkouts_left <= checkouts_total)
);
create index licence_by_publication on licence (publication_id);

-- One row per publication: taking its lock serializes seat changes of one title, and version numbers its
-- availability-changed events so read models can ignore stale ones.
create table publication_availability (
    publication_id uuid primary key,
    version        bigint not null default 0
);

-- A seat held for a loan (holder_id = the loan id, which makes reservation idempotent).
create table seat (
    holder_id      uuid primary key,
    licence_id     uuid        not null references licence (id),
    publication_id uuid        not null,
    kind           text        not null,
    state          text        not null,
    municipality   text,
    reserved_at    timestamptz not null default now(),
    confirmed_at   timestamptz,
    released_at    timestamptz
);
create index seat_unconfirmed on seat (reserved_at) where state = 'RESERVED';

-- Append-only ledger of every consumption and release, for acquisitions and municipal usage reports.
create table consumption (
    id             bigserial primary key,
    licence_id     uuid        not null references licence (id),
    publication_id uuid        not null,
    holder_id      uuid        not null,
    kind           text        not null,
    municipality   text,
    checkouts_left int,
    at             timestamptz not null default now()
);
create index consumption_by_licence on consumption (licence_id, at);

create rule consumption_no_update as on update to consumption do instead nothing;
create rule consumption_no_delete as on delete to consumption do instead nothing;

-- Every licence model: a null concurrency is unlimited simultaneous use (the seats_within_concurrency check passes
-- on null). Terms from the distributor, and a status the distributor or a later feed can set to unavailable.
alter table licence alter column concurrency drop not null;
alter table licence
    add column price                  numeric(12, 2) check (price >= 0),
    add column currency               text,
    add column distributor            text,
    add column distributor_licence_id text,
    add column format                 text,
    add column status                 text not null default 'available' check (status in ('available', 'unavailable')),
    add column info_url               text,
    add column seats_held_for_holds   int  not null default 0,
    add column expired_announced_at   timestamptz,
    add column updated_at             timestamptz,
    add constraint holds_within_seats check (seats_held_for_holds >= 0 and seats_held_for_holds <= seats_taken);
create unique index licence_by_distributor_id on licence (distributor, distributor_licence_id)
    where distributor_licence_id is not null;
create index licence_expiry_unannounced on licence (expires) where expires is not null and expired_announced_at is null;

-- A HOLD seat is kept for a ready hold until held_until; it takes a seat but no checkout.
alter table seat add column held_until timestamptz;
create index seat_holds_due on seat (held_until) where kind = 'HOLD' and state <> 'RELEASED';

-- The ledger says which kind of seat each line is about (LOAN or HOLD); old lines were all loans.
alter table consumption add column seat_kind text not null default 'LOAN';

-- Holds waiting per title (from loan-service's hold.queue-changed events) and whether the re-purchase signal for the
-- current crossing has been sent.
create table title_demand (
    publication_id uuid primary key,
    holds_waiting  int         not null,
    version        bigint      not null,
    signalled      boolean     not null default false,
    updated_at     timestamptz not null default now()
);

-- The last metadata passed on for each publication of a feed: a re-import of an unchanged feed sends nothing.
create table feed_publication (
    publication_id uuid primary key,
    identifier     text        not null,
    feed_url       text        not null,
    metadata_hash  text        not null,
    received_at    timestamptz not null default now()
);

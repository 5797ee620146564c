-- Publications of the national catalogue. The checks repeat the API's validation as the last line of defence.
create table publication (
    id          uuid primary key,
    title       text        not null check (length(title) between 1 and 500),
    subtitle    text,
    format      text        not null check (format in ('EBOOK', 'AUDIOBOOK')),
    language    text        not null check (language ~ '^[a-z]{3}$'),
    isbn        text        check (isbn ~ '^[0-9]{13}$'),
    authors     text[]      not null default '{}',
    publisher   text,
    description text,
    published   date,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    -- one publication per ISBN; the service answers a clash with isbn-taken
    constraint publication_isbn_unique unique (isbn)
);
-- The public list pages through publications in the order they were added (keyset on created_at, id).
create index publication_in_catalogue_order on publication (created_at, id);

-- Read model of license-service's availability, fed only by availability-changed events. No foreign key to
-- publication: the services are independent, so the availability of a title may arrive before the title itself.
-- version is the event's: a row only ever moves to a higher version, so stale or repeated events change nothing.
create table publication_availability (
    publication_id   uuid primary key,
    copies_total     int         not null,
    copies_available int         not null,
    version          bigint      not null,
    updated_at       timestamptz not null
);

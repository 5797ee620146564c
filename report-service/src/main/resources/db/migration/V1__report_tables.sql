-- report-service's projections of the event stream. Every table is rebuilt from the topics (POST /v1/reports/rebuild);
-- nothing here names a patron. Days are Finnish calendar days (Europe/Helsinki) of the event's own timestamp.
-- Counts are kept apart from the publication's attributes (format, language, ...), which are joined when a report is
-- read: the topics are consumed in parallel, so a projection that copied the attributes at the loan would depend on
-- whether the catalogue event came first, and a rebuild could arrive at other numbers.

-- The publication dimension, from catalog-service's publication events (latest wins; topic keyed by publication).
create table publication (
    publication_id  uuid primary key,
    title           text,
    format          text,
    language        text,
    contributors    text[] not null default '{}',
    audience        text,
    fiction         boolean,
    subjects        text[] not null default '{}',
    publisher       text,
    published_year  integer,
    identifiers     text[] not null default '{}',
    withdrawn       boolean not null default false
);

-- Loans started per Finnish day, municipality of the borrower, the borrower's library and publication.
create table loan_day (
    day             date    not null,
    municipality    text    not null,
    library_id      uuid    not null,
    publication_id  uuid    not null,
    loans           integer not null,
    primary key (day, municipality, publication_id, library_id)
);
create index loan_day_by_municipality on loan_day (municipality, day);

-- Hold events per Finnish day and publication.
create table hold_day (
    day             date    not null,
    publication_id  uuid    not null,
    placed          integer not null default 0,
    ready           integer not null default 0,
    expired         integer not null default 0,
    cancelled       integer not null default 0,
    fulfilled       integer not null default 0,
    primary key (day, publication_id)
);

-- Each hold's timeline, by its own id (a hold id names no one): holds waiting now and the average wait until ready,
-- per municipality.
create table hold_wait (
    hold_id         uuid primary key,
    publication_id  uuid        not null,
    municipality    text,
    placed_at       timestamptz,
    ready_at        timestamptz,
    ended_at        timestamptz,
    ended_as        text
);
create index hold_wait_waiting on hold_wait (municipality) where ready_at is null and ended_at is null;

-- The licence dimension, from license-service's licence events. The events carry neither the distributor nor a
-- price: those columns stay empty until they do (see README).
create table licence (
    licence_id      uuid primary key,
    publication_id  uuid,
    concurrency     integer,
    checkouts       integer,
    checkouts_left  integer,
    expires         timestamptz,
    status          text,
    distributor     text,
    price_cents     bigint
);

-- Seats consumed and released per Finnish day and licence.
create table licence_day (
    day             date    not null,
    licence_id      uuid    not null,
    publication_id  uuid    not null,
    consumed        integer not null default 0,
    released        integer not null default 0,
    primary key (day, licence_id)
);

-- Distinct borrowers per day ('D') and month ('M') and municipality: a mark is HMAC-SHA256(key, grain|period|patron),
-- so the same patron has unrelated marks in different periods and no mark leads back to a patron id without the key.
-- Once a period has ended (and a grace time passed) its marks are replaced by their count in borrower_count.
create table borrower_mark (
    grain           char(1) not null,
    period          date    not null,
    municipality    text    not null,
    mark            bytea   not null,
    primary key (grain, period, municipality, mark)
);

create table borrower_count (
    grain           char(1) not null,
    period          date    not null,
    municipality    text    not null,
    borrowers       integer not null,
    primary key (grain, period, municipality)
);

-- Libraries and the municipalities each serves, from patron-service's library events: a librarian's reports cover
-- the municipalities their library serves.
create table library (
    library_id      uuid primary key,
    status          text,
    join_date       date,
    left_on         date
);

create table library_municipality (
    library_id      uuid not null references library on delete cascade,
    municipality    text not null,
    primary key (library_id, municipality)
);
create index library_municipality_by_code on library_municipality (municipality);


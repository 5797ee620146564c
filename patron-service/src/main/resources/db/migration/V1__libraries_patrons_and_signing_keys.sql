-- Libraries (consortia) that have joined Lainaamo. A library serves its municipalities' residents from join_date;
-- status stays 'active' until the library leaves.
create table library (
    id         uuid primary key,
    name_fi    text        not null,
    name_sv    text,
    name_en    text,
    join_date  date        not null,
    status     text        not null default 'active',
    created_at timestamptz not null default now()
);
create index library_by_name on library (name_fi, id);

-- Which library serves a municipality. The primary key on the code is the rule "one library per municipality",
-- enforced by the database even when two admins add the same municipality at the same moment.
create table library_municipality (
    code       text primary key check (code ~ '^[0-9]{3}$'),
    library_id uuid    not null references library (id)
);
create index library_municipality_by_library on library_municipality (library_id);

-- Registered patrons. The card number is the sign-in name; the PIN is kept only as a bcrypt hash.
create table patron (
    id           uuid primary key,
    card_number  text        not null unique,
    pin_hash     text        not null,
    municipality text        not null check (municipality ~ '^[0-9]{3}$'),
    library_id   uuid        not null references library (id),
    language     text        not null check (language in ('fi', 'sv', 'en')),
    status       text        not null default 'active',
    created_at   timestamptz not null default now()
);

-- RSA key pairs that sign access tokens. The newest unretired key signs; the JWKS publishes the newest two, so
-- tokens signed before a rotation still verify until they expire.
create table signing_key (
    kid         text primary key,
    private_key text        not null,
    public_key  text        not null,
    created_at  timestamptz not null default now(),
    retired_at  timestamptz
);

-- Libraries that leave keep their row (patrons and history point at it); left_on is their last day.
alter table library add column left_on date;

-- The patron's own profile. E-mail and card number are personal data: never logged, never in an event.
-- A patron signing in through strong identification has no card and no PIN, only the provider's subject.
alter table patron alter column card_number drop not null;
alter table patron alter column pin_hash drop not null;
alter table patron add column email text;
alter table patron add column notify_by_email boolean not null default false;
alter table patron add column notify_in_app boolean not null default true;
alter table patron add column loan_history_opt_in boolean not null default false;
alter table patron add column oidc_subject text unique;
alter table patron add column block_reason text;
alter table patron add column blocked_at timestamptz;
alter table patron add column blocked_by text;
alter table patron add column erased_at timestamptz;
create index patron_by_library on patron (library_id);
create index patron_by_municipality on patron (municipality);

-- Staff accounts (librarians of one library, consortium admins); the bootstrap admin stays in configuration.
create table staff_account (
    id            uuid primary key,
    username      text        not null unique,
    password_hash text        not null,
    role          text        not null check (role in ('librarian', 'consortium-admin')),
    library_id    uuid references library (id),
    created_at    timestamptz not null default now(),
    check (role <> 'librarian' or library_id is not null)
);

-- Refresh tokens: only a SHA-256 of the token is kept. Rotation marks the old one used; a used token presented
-- again revokes the whole family (it was stolen or replayed).
create table refresh_token (
    token_hash  text primary key,
    family_id   uuid        not null,
    subject     text        not null,
    kind        text        not null check (kind in ('patron', 'staff')),
    expires_at  timestamptz not null,
    created_at  timestamptz not null default now(),
    used_at     timestamptz,
    revoked_at  timestamptz
);
create index refresh_token_by_subject on refresh_token (subject);
create index refresh_token_by_family on refresh_token (family_id);

-- Wrong PINs per card, kept here so the limit holds across instances. Keyed by a hash of the card number, so that
-- attempts at cards that do not exist are limited too without storing what someone typed.
create table sign_in_failure (
    card_hash    text primary key,
    failures     int         not null,
    locked_until timestamptz,
    updated_at   timestamptz not null default now()
);

-- Partner apps (OAuth2 client credentials). The secret is kept as a bcrypt hash and shown once.
create table partner_app (
    client_id   text primary key,
    name        text        not null,
    secret_hash text        not null,
    scopes      text        not null,
    library_id  uuid references library (id),
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz
);

-- Erasure requests and each service's confirmation. Holds only ids and times, nothing personal.
create table erasure (
    id           uuid primary key,
    requested_at timestamptz not null,
    completed_at timestamptz
);
create index erasure_pending on erasure (requested_at) where completed_at is null;

create table erasure_confirmation (
    erasure_id   uuid        not null references erasure (id),
    service      text        not null,
    confirmed_at timestamptz not null,
    primary key (erasure_id, service)
);

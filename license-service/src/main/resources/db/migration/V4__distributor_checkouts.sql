-- Fulfilment (issue 12). A distributor's licence keeps its templated ODL checkout link; an open-access publication
-- is a licence without a seat limit that points at the file itself.
alter table licence
    add column checkout_url     text,
    add column open_access_url  text,
    add column open_access_type text;

-- The due date a LOAN seat was given (loan-service's policy, capped by the licence and the distributor).
alter table seat add column loan_until timestamptz;

-- A loan checked out at a distributor (ODL 1.0). Written as pending in the seat's own transaction, before the
-- distributor is called, so that a crash at any point leaves a row the return job finishes or undoes.
create table distributor_checkout (
    holder_id          uuid primary key,
    licence_id         uuid        not null references licence (id),
    publication_id     uuid        not null,
    distributor        text        not null,
    checkout_id        uuid        not null unique,
    patron_ref         text        not null,
    expires            timestamptz not null,
    state              text        not null check (state in ('pending', 'active', 'refused', 'return-pending', 'returned',
                                                             'undo-pending', 'ended')),
    status_url         text,
    licence_url        text,
    return_url         text,
    renew_url          text,
    notification_token text        not null unique,
    attempts           int         not null default 0,
    last_error         text,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);
create index distributor_checkout_to_settle on distributor_checkout (updated_at)
    where state in ('pending', 'return-pending', 'undo-pending');

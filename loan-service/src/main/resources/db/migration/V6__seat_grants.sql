-- The seat escrow (issue 14): seats license-service took ahead of demand and granted to loan-service
-- (fi.lainaamo.licence.seat-granted.v1). A walk-in borrow lends one in its own transaction: it deletes the grant
-- (for update skip locked) and starts the loan under the grant's id, so the loan's primary key is what makes a grant
-- lent at most once, and license-service finds the seat by the loan id as it does for a seat asked for.
create table seat_grant (
    grant_id        uuid primary key,
    publication_id  uuid        not null,
    licence_id      uuid        not null,
    max_loan_days   int,
    licence_expires timestamptz,
    rank            int         not null,
    granted_at      timestamptz not null
);
create index seat_grant_in_order on seat_grant (publication_id, rank, licence_expires, granted_at);

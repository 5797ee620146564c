-- The seat escrow (issue 14): license-service takes a few seats per title ahead of demand (GRANT seats) and grants them
-- to loan-service, which lends one in its own transaction. A grant's seat is taken and its checkout promised, like a
-- ready hold's; seats_granted is the part of seats_taken so held, and counts as free in the availability.
alter table licence add column seats_granted int not null default 0;
alter table licence drop constraint holds_within_seats;
alter table licence add constraint holds_within_seats
    check (seats_held_for_holds >= 0 and seats_granted >= 0 and seats_held_for_holds + seats_granted <= seats_taken);

-- When license-service asked for an unused grant back (seat-grant-revoked): asked once, released when loan-service
-- answers seat-grant-returned (or lent when its loan.started comes first).
alter table seat add column revoked_at timestamptz;
create index seat_grants_outstanding on seat (publication_id) where kind = 'GRANT' and state = 'RESERVED';

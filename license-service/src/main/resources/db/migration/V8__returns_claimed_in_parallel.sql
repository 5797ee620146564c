-- Issue 14: returns and undos go to the distributor as soon as they are due, several at a time, from any instance.
-- A worker claims a row in a short transaction (select ... for update skip locked, then claimed_until) and calls the
-- distributor with no transaction open; nobody else takes the row until claimed_until, so one return is never sent
-- twice at the same time, and a crashed worker's claim lapses by itself. retry_at: a call that got no answer is tried
-- again by the next sweep, not at every wake-up.
alter table distributor_checkout
    add column claimed_until timestamptz,
    add column retry_at      timestamptz;

-- a borrow the distributor refuses looks for returns of the same licence still to do
create index distributor_checkout_returns_of_licence on distributor_checkout (licence_id)
    where state in ('return-pending', 'undo-pending');

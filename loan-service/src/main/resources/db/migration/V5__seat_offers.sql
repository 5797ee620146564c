-- Free seats go to the queue in three steps, so that no transaction, connection or lock is held while
-- license-service answers (issue 14): a short transaction picks the holds and marks them, the HOLD seats are asked
-- for with nothing held, a second short transaction makes the holds ready (or gives the seats back).

-- A title that may have a free seat for its queue: set in the transaction that learned of it (an availability
-- event, a resumed hold), cleared by the offer that finds nothing more to offer. The offer sweep runs the noted ones,
-- so a lost trigger or a crash after the commit is caught.
alter table title add column offer_pending boolean not null default false;
create index title_offer_pending on title (publication_id) where offer_pending;

-- When an offer last asked license-service for a HOLD seat for this hold; null when no seat is being asked for or
-- waits to be settled. The mark is committed before the request, so a crash between asking and settling leaves it
-- behind: the offer sweep then asks again (license-service answers the same seat) or gives the seat back.
alter table hold add column seat_asked_at timestamptz;
create index hold_seat_asked on hold (seat_asked_at) where seat_asked_at is not null;

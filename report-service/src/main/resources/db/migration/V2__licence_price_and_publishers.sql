-- Issue 17, acquisitions and publishers: licence events now carry (optionally) the price, its currency, the
-- distributor and when the licence was added. price_cents and distributor (V1) are filled from them; the month a
-- licence's price is spent in is the Finnish day it was added.
alter table licence add column currency text;
alter table licence add column added_on date;
create index licence_by_added_on on licence (added_on) where price_cents is not null;
create index licence_by_publication on licence (publication_id);

-- The publishers' data API reads a publisher's titles, matched on the catalogue's publisher case-insensitively.
create index publication_by_publisher on publication (lower(btrim(publisher)));
-- Loans and holds per title over time (the publisher's monthly history, titles never borrowed).
create index loan_day_by_publication on loan_day (publication_id, day);
create index hold_wait_active on hold_wait (publication_id) where ended_at is null;

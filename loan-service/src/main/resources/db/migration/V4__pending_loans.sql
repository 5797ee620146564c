-- A borrow commits its loan as PENDING before it asks license-service for a seat, and makes it ACTIVE after (issues
-- 12 and 14: no connection or lock is held while another service answers). A pending loan has no licence yet; a
-- FAILED one (the seat's answer was lost, or a crash left it pending) never gets one.
alter table loan alter column licence_id drop not null;
alter table loan add constraint loan_lent_on_a_licence check (licence_id is not null or state in ('PENDING', 'FAILED'));

-- A pending borrow counts as the patron's loan of the title, so a second device cannot borrow it twice meanwhile.
drop index loan_one_active_per_title;
create unique index loan_one_active_per_title on loan (patron_id, publication_id) where state in ('ACTIVE', 'PENDING');

-- The sweep finds borrows left pending by a crash, and forgets failed ones after a while.
create index loan_pending on loan (started_at) where state = 'PENDING';
create index loan_failed on loan (updated_at) where state = 'FAILED';

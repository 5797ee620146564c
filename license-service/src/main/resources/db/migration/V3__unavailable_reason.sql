-- Why a licence is unavailable: 'distributor' (its License Info Document said so) or 'missing-from-feed' (a later
-- complete feed of its distributor no longer listed it). A re-import of a feed that lists it again makes only the
-- second kind available again, so re-importing an unchanged feed never undoes what the distributor said.
alter table licence add column unavailable_reason text
    check (unavailable_reason is null or unavailable_reason in ('distributor', 'missing-from-feed'));

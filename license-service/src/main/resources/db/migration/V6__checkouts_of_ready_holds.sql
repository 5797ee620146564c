-- A ready hold's copy is lent only once the distributor accepts the checkout: until then the hold keeps its seat, and
-- a refusal leaves the hold ready in its place. The checkout remembers the hold (and the borrower's municipality for
-- the loan's seat) to turn the hold's seat into the loan's when the distributor says yes.
alter table distributor_checkout
    add column hold_id      uuid,
    add column municipality text;

-- Issue 15: a loan-due notice offers the renew link only when loan-service said the loan could be renewed when the
-- notice was written (true), says it cannot be (false), or keeps the general wording when loan-service did not answer
-- (null).
alter table notice add column renewable boolean;

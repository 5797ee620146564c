-- Issue 15: a patron is told when a title's licence ends under their hold or loan (the hold cancelled as
-- publication-withdrawn or no-licence-left, or the loan ended by the distributor before its due date).
alter table notice drop constraint notice_occasion_check;
alter table notice add constraint notice_occasion_check
    check (occasion in ('hold-ready', 'hold-expired', 'hold-ready-reminder', 'loan-due', 'loan-expired', 'licence-withdrawn'));

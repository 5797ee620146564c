-- Issue 15, second slice: loan due in 3 days and in 1 day, loan expired, and the reminder a day before a ready hold's
-- pick-up window closes. patron-service keeps what is due, learnt from loan-service's events (written in the consumed
-- event's transaction, forgotten when the loan or hold ends); a scheduled job writes the notices when their time
-- has come. The notices themselves stay in the notice table under their delivery keys.
alter table notice drop constraint notice_occasion_check;
alter table notice add constraint notice_occasion_check
    check (occasion in ('hold-ready', 'hold-expired', 'hold-ready-reminder', 'loan-due', 'loan-expired'));
alter table notice add column loan_id uuid;

-- An open loan and its due date. told: 0 nothing yet for this due date, 1 the 3-day notice written, 2 the 1-day
-- notice written. A renewal to another date sets it back to 0 (the delivery keys carry the date, so the new date can
-- be told, the old one never again).
create table due_loan (
    loan_id        uuid primary key,
    patron_id      uuid        not null,
    publication_id uuid        not null,
    due_at         timestamptz not null,
    told           smallint    not null default 0 check (told between 0 and 2)
);
create index due_loan_due on due_loan (due_at) where told < 2;
create index due_loan_patron on due_loan (patron_id);

-- A ready hold and the end of its pick-up window; reminded once the reminder notice is written.
create table ready_hold (
    hold_id        uuid primary key,
    patron_id      uuid        not null,
    publication_id uuid        not null,
    ready_until    timestamptz not null,
    reminded       boolean     not null default false
);
create index ready_hold_due on ready_hold (ready_until) where not reminded;
create index ready_hold_patron on ready_hold (patron_id);

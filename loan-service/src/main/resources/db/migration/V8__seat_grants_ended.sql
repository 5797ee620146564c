-- Issue 14, the escrow's race: a walk-in that reaches loan-service before its title's seat-granted events is refused
-- no-free-copy by license-service (every free seat is granted). loan-service then asks license-service for the
-- title's grants and keeps them as if the events had come, so the same grant can be learnt twice: from the answer and
-- from its event. A grant that was lent has a loan under its id; one that went back (returned, asked back) is kept
-- here, so that neither way brings back a grant that ended.
create table seat_grant_ended (
    grant_id uuid primary key,
    ended_at timestamptz not null default now()
);

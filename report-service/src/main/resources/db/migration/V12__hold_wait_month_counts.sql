-- Issue 17, the largest municipalities' monthly report: its hold figures read from indexes alone. A month's holds
-- placed and its average wait are counted over the month's range of each index (the month's bounds computed once,
-- not a Finnish month derived from every row, which cost Helsinki's 26,000 holds a month 60 ms), and the wait and the
-- holds waiting now no longer visit the table: the placement time is carried in the ready index, and the waiting
-- index leaves out holds whose placement has not arrived yet, as the report does.
drop index hold_wait_ready;
create index hold_wait_ready on hold_wait (municipality, ready_at) include (placed_at) where placed_at is not null;
drop index hold_wait_waiting;
create index hold_wait_waiting on hold_wait (municipality) where placed_at is not null and ready_at is null and ended_at is null;

-- Issue 17, speed at national scale: a month's loans per municipality, library and publication, kept equal to the sum
-- of loan_day's days by statement-level triggers on loan_day, so the reports and the export read a month as one row
-- instead of up to 31 (the municipality report and the export read this table; loan_day stays the projection the
-- consumer writes and the rebuild replays). Set-based: a bulk insert into loan_day adds its months in one statement.
-- A rebuild truncates both.
create table loan_month (
    month           date    not null, -- the first day of the Finnish calendar month
    municipality    text    not null,
    library_id      uuid    not null,
    publication_id  uuid    not null,
    loans           integer not null,
    -- the loans in the key's index too: a municipality's months are read by an index-only scan, wherever the rows lie
    primary key (municipality, month, publication_id, library_id) include (loans)
);
-- the national export reads a period's months of every municipality
create index loan_month_by_month on loan_month (month);

create function loan_month_add() returns trigger language plpgsql as $$
begin
    insert into loan_month (month, municipality, library_id, publication_id, loans)
    select date_trunc('month', day)::date, municipality, library_id, publication_id, sum(loans)
    from added group by 1, 2, 3, 4
    on conflict (municipality, month, publication_id, library_id) do update set loans = loan_month.loans + excluded.loans;
    return null;
end $$;

create function loan_month_change() returns trigger language plpgsql as $$
begin
    insert into loan_month (month, municipality, library_id, publication_id, loans)
    select date_trunc('month', day)::date, municipality, library_id, publication_id, sum(loans)
    from (select day, municipality, library_id, publication_id, loans from after_change
          union all select day, municipality, library_id, publication_id, -loans from before_change) d
    group by 1, 2, 3, 4 having sum(loans) <> 0
    on conflict (municipality, month, publication_id, library_id) do update set loans = loan_month.loans + excluded.loans;
    return null;
end $$;

create function loan_month_remove() returns trigger language plpgsql as $$
begin
    update loan_month m set loans = m.loans - r.loans
    from (select date_trunc('month', day)::date as month, municipality, library_id, publication_id, sum(loans) loans
          from removed group by 1, 2, 3, 4) r
    where m.municipality = r.municipality and m.month = r.month and m.publication_id = r.publication_id and m.library_id = r.library_id;
    -- a month none of whose days is left goes too, as it would from a sum over loan_day
    delete from loan_month m
    using (select distinct date_trunc('month', day)::date as month, municipality, library_id, publication_id from removed) r
    where m.municipality = r.municipality and m.month = r.month and m.publication_id = r.publication_id and m.library_id = r.library_id
      and not exists (select 1 from loan_day d where d.municipality = m.municipality and d.day >= m.month
                      and d.day < (m.month + interval '1 month')::date and d.publication_id = m.publication_id and d.library_id = m.library_id);
    return null;
end $$;

-- an "insert ... on conflict do update" fires both: the insert trigger sees the rows inserted, the update trigger the
-- rows updated (before and after)
create trigger loan_day_added after insert on loan_day referencing new table as added
    for each statement execute function loan_month_add();
create trigger loan_day_changed after update on loan_day referencing old table as before_change new table as after_change
    for each statement execute function loan_month_change();
create trigger loan_day_removed after delete on loan_day referencing old table as removed
    for each statement execute function loan_month_remove();

insert into loan_month (month, municipality, library_id, publication_id, loans)
select date_trunc('month', day)::date, municipality, library_id, publication_id, sum(loans) from loan_day group by 1, 2, 3, 4;

-- the municipality report's holds: placed and ready per month of one municipality
create index hold_wait_placed on hold_wait (municipality, placed_at);
create index hold_wait_ready on hold_wait (municipality, ready_at) where placed_at is not null;

-- Issue 17, the largest municipalities' monthly report: its six breakdowns (format, language, audience, fiction,
-- subject, publisher) read from a rollup of their own instead of joining every title a municipality borrowed in the
-- period to the publication dimension (Helsinki borrows some 50,000 titles a month). loan_month_share holds, per
-- municipality, month, breakdown and value, the loans of loan_month counted under the publication's attributes as the
-- catalogue describes them now, the same numbers the join gave:
--   * a change of loan_month (statement triggers below) adds its difference under the publication's current values
--     when its transaction commits;
--   * a change of a publication's attributes (statement triggers on publication) moves the loans loan_month holds for
--     it from the old values to the new (a publication not yet described counts as "unknown" everywhere).
-- The loans and catalogue topics are consumed in parallel, so the two kinds of change must not interleave: a loan
-- counted under values a concurrent catalogue transaction is replacing would be moved by neither. A transaction that
-- wrote loan_month takes the advisory lock below shared when it settles its shares (at commit), each statement that
-- writes publication takes it exclusively before it touches a row: the loans are counted under the values committed
-- when they settle, and a catalogue transaction moves every loan settled before it. LoanShareRollupTest races them.

create table loan_month_share (
    municipality    text   not null,
    month           date   not null, -- the first day of the Finnish calendar month
    breakdown       text   not null, -- format, language, audience, fiction, subject, publisher
    value           text   not null,
    loans           bigint not null,
    primary key (municipality, month, breakdown, value) include (loans)
);
-- a share that falls to nothing goes, as it would from a sum over loan_month; the rows about to go are found here
create index loan_month_share_spent on loan_month_share (municipality) where loans = 0;
-- a publication's loans, moved when its attributes change
create index loan_month_by_publication on loan_month (publication_id);

-- The breakdown values one loan of a publication counts under (the only place they are defined): one per breakdown,
-- one per subject; a publication not (yet) described is "unknown" in each.
create function loan_shares(format text, language text, audience text, fiction boolean, subjects text[], publisher text)
    returns table (breakdown text, value text) language sql immutable parallel safe as $$
    select 'format', coalesce(format, 'unknown')
    union all select 'language', coalesce(language, 'unknown')
    union all select 'audience', coalesce(audience, 'unknown')
    union all select 'fiction', case when fiction then 'fiction' when not fiction then 'non-fiction' else 'unknown' end
    union all select 'publisher', coalesce(publisher, 'unknown')
    union all select 'subject', s from unnest(case when subjects is null or cardinality(subjects) = 0
                                                   then array['unknown'] else subjects end) s
$$;

-- The lock between loans and catalogue writes: "RPSH" in ASCII (the rebuild's gate is another key).
create function loan_shares_lock(exclusive boolean) returns void language plpgsql as $$
begin
    if exclusive then
        perform pg_advisory_xact_lock(1380996936);
    else
        perform pg_advisory_xact_lock_shared(1380996936);
    end if;
end $$;

-- loan_month's changes are settled once per transaction, when it commits: each statement on loan_month notes its
-- difference per municipality, month and publication (no lock, no join), and the transaction's first deferred trigger
-- counts all of them under the publications' values committed by then, in the shares' key order. The loans consumer
-- writes a poll's worth of loans in one transaction, most of them to the same few shares (Helsinki's e-books this
-- month): a share updated once per transaction instead of once per loan, and two transactions (two instances'
-- consumers) that write the same shares wait for each other instead of deadlocking.
create unlogged table loan_month_pending (
    tx              bigint  not null, -- txid_current() of the transaction that wrote it; gone when that one commits
    municipality    text    not null,
    month           date    not null,
    publication_id  uuid    not null,
    loans           bigint  not null
);
create index loan_month_pending_tx on loan_month_pending (tx);
-- one row per transaction with notes, whose deferred trigger settles them: once, however many rows were noted
create unlogged table loan_month_unsettled (
    tx              bigint  primary key
);

create function loan_shares_noted() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into loan_month_pending select txid_current(), municipality, month, publication_id, loans from added;
    elsif tg_op = 'UPDATE' then
        insert into loan_month_pending select txid_current(), municipality, month, publication_id, sum(loans)
        from (select municipality, month, publication_id, loans from after_change
              union all select municipality, month, publication_id, -loans from before_change) c
        group by 2, 3, 4 having sum(loans) <> 0;
    else
        insert into loan_month_pending select txid_current(), municipality, month, publication_id, -loans from removed;
    end if;
    insert into loan_month_unsettled values (txid_current()) on conflict do nothing;
    return null;
end $$;

create function loan_shares_settled() returns trigger language plpgsql as $$
begin
    perform loan_shares_lock(false);
    delete from loan_month_unsettled where tx = txid_current();
    with d as (delete from loan_month_pending where tx = txid_current() returning municipality, month, publication_id, loans)
    insert into loan_month_share (municipality, month, breakdown, value, loans)
    select d.municipality, d.month, s.breakdown, s.value, sum(d.loans)
    from d left join publication p on p.publication_id = d.publication_id
         cross join lateral loan_shares(p.format, p.language, p.audience, p.fiction, p.subjects, p.publisher) s
    group by 1, 2, 3, 4 having sum(d.loans) <> 0 order by 1, 2, 3, 4
    on conflict (municipality, month, breakdown, value) do update set loans = loan_month_share.loans + excluded.loans;
    delete from loan_month_share where loans = 0;
    return null;
end $$;

-- a function reads its transition tables by the names it was written with: one trigger per kind of statement
create trigger loan_month_added after insert on loan_month referencing new table as added
    for each statement execute function loan_shares_noted();
create trigger loan_month_changed after update on loan_month referencing old table as before_change new table as after_change
    for each statement execute function loan_shares_noted();
create trigger loan_month_removed after delete on loan_month referencing old table as removed
    for each statement execute function loan_shares_noted();
-- fires when the transaction commits
create constraint trigger loan_month_settled after insert on loan_month_unsettled deferrable initially deferred
    for each row execute function loan_shares_settled();

-- publication's changes: the exclusive lock before the first row is touched, then each publication whose values
-- changed has its loans moved from the old values to the new (a publication not described counts as "unknown")
create function loan_shares_publication_lock() returns trigger language plpgsql as $$
begin
    perform loan_shares_lock(true);
    return null;
end $$;

-- one function for inserts, updates and deletes: a function reads its transition tables by name, and an insert has no
-- old rows (a delete no new ones), so the rows to move are chosen by the kind of statement and read by a dynamic query
create function loan_shares_publication_moved() returns trigger language plpgsql as $$
declare
    n constant text := 'n.publication_id, n.format, n.language, n.audience, n.fiction, n.subjects, n.publisher';
    o constant text := 'o.publication_id, o.format, o.language, o.audience, o.fiction, o.subjects, o.publisher';
    unknown constant text := 'publication_id, null::text, null::text, null::text, null::boolean, null::text[], null::text';
    changed constant text := '(n.format, n.language, n.audience, n.fiction, n.subjects, n.publisher) is distinct from '
                             || '(o.format, o.language, o.audience, o.fiction, o.subjects, o.publisher)';
    moved text;
begin
    moved := case tg_op
        when 'INSERT' then format('select %s, 1 from now_rows n union all select %s, -1 from now_rows', n, unknown)
        when 'DELETE' then format('select %s, -1 from then_rows o union all select %s, 1 from then_rows', o, unknown)
        else format('select %1$s, 1 from now_rows n join then_rows o using (publication_id) where %3$s union all '
                    || 'select %2$s, -1 from then_rows o join now_rows n using (publication_id) where %3$s', n, o, changed) end;
    execute 'insert into loan_month_share (municipality, month, breakdown, value, loans) '
        || 'select m.municipality, m.month, s.breakdown, s.value, sum(m.loans * c.sign) from (' || moved || ') '
        || 'c (publication_id, format, language, audience, fiction, subjects, publisher, sign) '
        -- the publication's loans whose shares are settled: not those this transaction wrote, settled at its commit
        || 'cross join lateral (select municipality, month, sum(loans) loans from ('
        || 'select municipality, month, loans from loan_month where publication_id = c.publication_id union all '
        || 'select municipality, month, -loans from loan_month_pending where tx = txid_current() '
        || 'and publication_id = c.publication_id) u group by 1, 2) m '
        || 'cross join lateral loan_shares(c.format, c.language, c.audience, c.fiction, c.subjects, c.publisher) s '
        || 'group by 1, 2, 3, 4 having sum(m.loans * c.sign) <> 0 '
        || 'on conflict (municipality, month, breakdown, value) do update set loans = loan_month_share.loans + excluded.loans';
    delete from loan_month_share where loans = 0;
    return null;
end $$;

create trigger publication_locks before insert or update or delete on publication
    for each statement execute function loan_shares_publication_lock();
create trigger publication_added after insert on publication referencing new table as now_rows
    for each statement execute function loan_shares_publication_moved();
create trigger publication_changed after update on publication referencing old table as then_rows new table as now_rows
    for each statement execute function loan_shares_publication_moved();
create trigger publication_removed after delete on publication referencing old table as then_rows
    for each statement execute function loan_shares_publication_moved();

-- The shares recounted from loan_month in one statement: the backfill below, and bulk loads that write loan_month with
-- the triggers off (the bench's synthetic year).
create function loan_shares_recount() returns void language plpgsql as $$
begin
    perform loan_shares_lock(true);
    delete from loan_month_share;
    insert into loan_month_share (municipality, month, breakdown, value, loans)
    select m.municipality, m.month, s.breakdown, s.value, sum(m.loans)
    from loan_month m left join publication p on p.publication_id = m.publication_id
         cross join lateral loan_shares(p.format, p.language, p.audience, p.fiction, p.subjects, p.publisher) s
    group by 1, 2, 3, 4;
end $$;

select loan_shares_recount();

-- Issue 14 (an ONIX import with the stack running): report-service's catalogue consumer writes one publication per
-- event, and each statement's trigger (V11) planned and ran a dynamic query to move the publication's loans between
-- breakdown values, although a new title has none. The trigger now first asks, with a statement planned once per
-- session, whether any of the written publications has loans; the same function otherwise.
create or replace function loan_shares_publication_moved() returns trigger language plpgsql as $$
declare
    n constant text := 'n.publication_id, n.format, n.language, n.audience, n.fiction, n.subjects, n.publisher';
    o constant text := 'o.publication_id, o.format, o.language, o.audience, o.fiction, o.subjects, o.publisher';
    unknown constant text := 'publication_id, null::text, null::text, null::text, null::boolean, null::text[], null::text';
    changed constant text := '(n.format, n.language, n.audience, n.fiction, n.subjects, n.publisher) is distinct from '
                             || '(o.format, o.language, o.audience, o.fiction, o.subjects, o.publisher)';
    moved text;
begin
    -- most publications written have no loans yet (an import of new titles): nothing to move, and no dynamic query
    -- planned for each of them
    if tg_op = 'DELETE' then
        if not exists (select 1 from then_rows o join loan_month m on m.publication_id = o.publication_id) then
            return null;
        end if;
    elsif not exists (select 1 from now_rows n join loan_month m on m.publication_id = n.publication_id) then
        return null;
    end if;
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

-- Issue 14, the ONIX import at 5,000 products/s: the search entries of many publications in one statement. Until now
-- the row trigger built each entry on its own (a PL/pgSQL call, three lookups and an INSERT per publication); an
-- import now writes a batch's publications with the entries deferred and then builds all of them at once. Everything
-- else (the API, feeds, withdrawals) still has its entry written by the trigger, through the same function, in the
-- same transaction. The entry itself is as V7 made it.

create function search_entry_upsert(ids uuid[]) returns void language sql as
$$
insert into search_entry (publication_id, format, language, audience, subject_terms, accessibility, available_now,
                          times_borrowed, sort_title, published, created_at, document, names, sample_slice)
select p.id, p.format, p.language, p.audience, p.subject_terms, x.access, x.available,
       coalesce(b.times_borrowed, 0), p.sort_title, p.published, p.created_at,
       setweight(lainaamo_language_tsvector(p.language, coalesce(p.title, '')), 'A')
           || setweight(to_tsvector('lainaamo_simple', x.names), 'A')
           || setweight(lainaamo_language_tsvector(p.language, coalesce(p.subtitle, '') || ' ' || coalesce(p.series_name, '')), 'B')
           || setweight(lainaamo_language_tsvector(p.language, array_to_string(p.subject_terms, ' ')), 'C')
           || setweight(lainaamo_language_tsvector(p.language, left(coalesce(p.description, ''), 20000)), 'D')
           || array_to_tsvector(array_remove(array ['zzfmt' || lower(p.format), 'zzlang' || p.language,
                                                    case when p.language not in ('fin', 'swe', 'eng') then 'zzlangother' end,
                                                    'zzaud' || lower(p.audience),
                                                    case when x.available then 'zzavailable' end], null))
           || coalesce((select array_to_tsvector(array_agg('zzacc' || replace(t, '-', ''))) from unnest(x.access) t), ''::tsvector),
       lainaamo_fold(coalesce(p.title, '') || ' ' || x.names || ' ' || coalesce(p.series_name, '')),
       case when p.id < '00080000-0000-0000-0000-000000000000' then 4
            when p.id < '00400000-0000-0000-0000-000000000000' then 3
            when p.id < '02000000-0000-0000-0000-000000000000' then 2
            when p.id < '10000000-0000-0000-0000-000000000000' then 1 else 0 end
from publication p
         cross join lateral (select coalesce((select string_agg(c ->> 'name', ' ') from jsonb_array_elements(p.contributors) c), '') as names,
                                    coalesce((select a.copies_available > 0 from publication_availability a where a.publication_id = p.id), false) as available,
                                    lainaamo_accessibility_terms(p.accessibility) as access) x
         left join publication_borrowed b on b.publication_id = p.id
where p.id = any (ids)
  and p.status = 'ACTIVE'
on conflict (publication_id) do update
    set format = excluded.format, language = excluded.language, audience = excluded.audience,
        subject_terms = excluded.subject_terms, accessibility = excluded.accessibility, sort_title = excluded.sort_title,
        published = excluded.published, available_now = excluded.available_now, document = excluded.document,
        names = excluded.names
$$;

-- A withdrawn or deleted publication loses its entry at once. An active one gets its entry now, unless the
-- transaction said it writes the entries itself (lainaamo.search_entries = 'deferred', as an import's batch does).
create or replace function search_entry_refresh() returns trigger language plpgsql as
$$
begin
    if tg_op = 'DELETE' or new.status <> 'ACTIVE' then
        delete from search_entry where publication_id = coalesce(new.id, old.id);
        return null;
    end if;
    if current_setting('lainaamo.search_entries', true) = 'deferred' then
        return null;
    end if;
    perform search_entry_upsert(array [new.id]);
    return null;
end
$$;

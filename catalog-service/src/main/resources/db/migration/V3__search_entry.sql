-- Issue 6, search at a million publications: one narrow row per searchable (active) publication, with the text
-- index and everything search filters, counts and orders by, so a query never reads the wide publication rows nor
-- joins the availability tables. Triggers keep it in the same transaction as every change: no nightly reindex.

create table search_entry (
    publication_id uuid primary key,
    format         text        not null,
    language       text        not null,
    audience       text,
    subject_terms  text[]      not null,
    available_now  boolean     not null,
    times_borrowed bigint      not null,
    sort_title     text,
    published      date,
    created_at     timestamptz not null,
    -- title and contributors weigh most (A), subtitle and series next (B), subjects (C), description least (D);
    -- stemmed by the publication's language; plus the filter values as zz-lexemes (zzfmtebook, zzlangfin,
    -- zzlangother, zzaudadult, zzavailable when a copy is free)
    document       tsvector    not null,
    -- titles, names and series, folded, for typo tolerance through trigrams
    names          text        not null,
    -- the finest slice of the id space the entry is in: 4 = the first 1/8192, 3 = 1/1024, 2 = 1/128, 1 = 1/16, 0 = rest
    sample_slice   smallint    not null
);

create index search_entry_document on search_entry using gin (document);
-- The same index over fixed slices of the id space (1/16 down to 1/8192 of it). Ids are hashes, so a slice is a
-- uniform random sample of the catalogue: search counts a broad query's matches in the smallest slice that holds
-- enough of them, instead of reading every match. (The slice is a column of its own, not a range of ids, so the
-- planner cannot mix in the primary key and takes the smallest of these indexes that covers the slice.)
create index search_entry_document_16 on search_entry using gin (document) where sample_slice >= 1;
create index search_entry_document_128 on search_entry using gin (document) where sample_slice >= 2;
create index search_entry_document_1024 on search_entry using gin (document) where sample_slice >= 3;
create index search_entry_document_8192 on search_entry using gin (document) where sample_slice >= 4;
create index search_entry_names on search_entry using gin (names gin_trgm_ops);
create index search_entry_names_16 on search_entry using gin (names gin_trgm_ops) where sample_slice >= 1;
create index search_entry_names_128 on search_entry using gin (names gin_trgm_ops) where sample_slice >= 2;
create index search_entry_names_1024 on search_entry using gin (names gin_trgm_ops) where sample_slice >= 3;
create index search_entry_names_8192 on search_entry using gin (names gin_trgm_ops) where sample_slice >= 4;
create index search_entry_subjects on search_entry using gin (subject_terms);
create index search_entry_title on search_entry (sort_title, publication_id);
create index search_entry_newest on search_entry (published desc nulls last, created_at desc, publication_id);
create index search_entry_popular on search_entry (times_borrowed desc, published desc nulls last, created_at desc, publication_id);

-- A patron's words in every language's configuration (a query does not say its language), the same query from two
-- configurations kept once; and, when given, a word that must begin a lexeme (search as you type). Null when the
-- words hold no lexeme, which matches nothing.
create function lainaamo_tsquery(q text, prefix text) returns tsquery language plpgsql immutable parallel safe as
$$
declare
    parts  tsquery[] := array [websearch_to_tsquery('lainaamo_fi', q), websearch_to_tsquery('lainaamo_sv', q),
                               websearch_to_tsquery('lainaamo_en', q), websearch_to_tsquery('lainaamo_simple', q)];
    seen   text[]    := '{}';
    result tsquery;
    part   tsquery;
begin
    foreach part in array parts
        loop
            if numnode(part) > 0 and not (part::text = any (seen)) then
                seen := seen || part::text;
                result := case when result is null then part else result || part end;
            end if;
        end loop;
    if coalesce(prefix, '') <> '' then
        part := to_tsquery('lainaamo_simple', prefix || ':*');
        if numnode(part) = 0 then
            return null;
        end if;
        result := case when result is null then part else result && part end;
    end if;
    return result;
end
$$;

-- The same query matching only in titles and contributors' names (weight A): search ranks such matches first.
create function lainaamo_title_tsquery(q tsquery) returns tsquery language sql immutable parallel safe as
$$ select regexp_replace(q::text, '''((?:[^'']|'''')*)''(?::(\*))?', '''\1'':\2A', 'g')::tsquery $$;

-- The entry of one publication as it is now; withdrawn publications have none.
create function search_entry_refresh() returns trigger language plpgsql as
$$
declare
    cfg       regconfig;
    names     text;
    available boolean;
begin
    if tg_op = 'DELETE' or new.status <> 'ACTIVE' then
        delete from search_entry where publication_id = coalesce(new.id, old.id);
        return null;
    end if;
    cfg := case new.language when 'fin' then 'lainaamo_fi' when 'swe' then 'lainaamo_sv'
                             when 'eng' then 'lainaamo_en' else 'lainaamo_simple' end;
    names := coalesce((select string_agg(c ->> 'name', ' ') from jsonb_array_elements(new.contributors) c), '');
    available := coalesce((select a.copies_available > 0 from publication_availability a where a.publication_id = new.id), false);
    insert into search_entry (publication_id, format, language, audience, subject_terms, available_now, times_borrowed,
                              sort_title, published, created_at, document, names, sample_slice)
    values (new.id, new.format, new.language, new.audience, new.subject_terms,
            available,
            coalesce((select b.times_borrowed from publication_borrowed b where b.publication_id = new.id), 0),
            new.sort_title, new.published, new.created_at,
            setweight(to_tsvector(cfg, coalesce(new.title, '')), 'A')
                || setweight(to_tsvector('lainaamo_simple', names), 'A')
                || setweight(to_tsvector(cfg, coalesce(new.subtitle, '') || ' ' || coalesce(new.series_name, '')), 'B')
                || setweight(to_tsvector(cfg, array_to_string(new.subject_terms, ' ')), 'C')
                || setweight(to_tsvector(cfg, left(coalesce(new.description, ''), 20000)), 'D')
                -- filter values as lexemes without positions (they never rank): one index lookup answers words and
                -- filters together
                || array_to_tsvector(array_remove(array ['zzfmt' || lower(new.format), 'zzlang' || new.language,
                                                         case when new.language not in ('fin', 'swe', 'eng') then 'zzlangother' end,
                                                         'zzaud' || lower(new.audience),
                                                         case when available then 'zzavailable' end], null)),
            lainaamo_fold(coalesce(new.title, '') || ' ' || names || ' ' || coalesce(new.series_name, '')),
            case when new.id < '00080000-0000-0000-0000-000000000000' then 4
                 when new.id < '00400000-0000-0000-0000-000000000000' then 3
                 when new.id < '02000000-0000-0000-0000-000000000000' then 2
                 when new.id < '10000000-0000-0000-0000-000000000000' then 1 else 0 end)
    on conflict (publication_id) do update
        set format = excluded.format, language = excluded.language, audience = excluded.audience,
            subject_terms = excluded.subject_terms, sort_title = excluded.sort_title, published = excluded.published,
            available_now = excluded.available_now, document = excluded.document, names = excluded.names;
    return null;
end
$$;
create trigger search_entry_refresh after insert or update or delete on publication
    for each row execute function search_entry_refresh();

-- Free copies and borrow counts follow the read models' changes in the same transaction.
create function search_entry_available() returns trigger language plpgsql as
$$
begin
    update search_entry
    set available_now = new.copies_available > 0,
        document      = case when new.copies_available > 0 then document || array_to_tsvector('{zzavailable}')
                             else ts_delete(document, 'zzavailable') end
    where publication_id = new.publication_id and available_now <> (new.copies_available > 0);
    return null;
end
$$;
create trigger search_entry_available after insert or update on publication_availability
    for each row execute function search_entry_available();

create function search_entry_borrowed() returns trigger language plpgsql as
$$
begin
    update search_entry set times_borrowed = new.times_borrowed where publication_id = new.publication_id;
    return null;
end
$$;
create trigger search_entry_borrowed after insert or update on publication_borrowed
    for each row execute function search_entry_borrowed();

-- The publication table no longer carries the index: drop the old trigger, columns and indexes.
drop trigger publication_search_index on publication;
drop function publication_search_index();
drop index publication_search;
drop index publication_names_trgm;
drop index publication_subjects;
drop index publication_facets;
drop index publication_sort_title;
drop index publication_newest;
alter table publication drop column search_vector, drop column search_names;

-- Entries for what is already there (the trigger fires on the no-op update).
update publication set status = status where status = 'ACTIVE';
analyze search_entry;

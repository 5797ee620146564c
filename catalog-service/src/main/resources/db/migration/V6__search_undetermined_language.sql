-- Issue 13: a publication whose language no source gave (und) or that is in several (mul) was indexed with the
-- simple configuration only, so an inflected Finnish or Swedish word ("kirjastoista", "böckerna") never found it.
-- Such a publication's text is now indexed in the Finnish and the Swedish configurations as well as the simple one;
-- a query is parsed in every configuration already (lainaamo_tsquery), so any of them may match.

-- A text's lexemes as a publication of this language is indexed.
create function lainaamo_language_tsvector(language text, t text) returns tsvector language sql immutable parallel safe as
$$
select case language
           when 'fin' then to_tsvector('lainaamo_fi', t)
           when 'swe' then to_tsvector('lainaamo_sv', t)
           when 'eng' then to_tsvector('lainaamo_en', t)
           when 'und' then to_tsvector('lainaamo_fi', t) || to_tsvector('lainaamo_sv', t) || to_tsvector('lainaamo_simple', t)
           when 'mul' then to_tsvector('lainaamo_fi', t) || to_tsvector('lainaamo_sv', t) || to_tsvector('lainaamo_simple', t)
           else to_tsvector('lainaamo_simple', t) end
$$;

-- The same entry as V3 builds, with each field's text indexed through lainaamo_language_tsvector.
create or replace function search_entry_refresh() returns trigger language plpgsql as
$$
declare
    names     text;
    available boolean;
begin
    if tg_op = 'DELETE' or new.status <> 'ACTIVE' then
        delete from search_entry where publication_id = coalesce(new.id, old.id);
        return null;
    end if;
    names := coalesce((select string_agg(c ->> 'name', ' ') from jsonb_array_elements(new.contributors) c), '');
    available := coalesce((select a.copies_available > 0 from publication_availability a where a.publication_id = new.id), false);
    insert into search_entry (publication_id, format, language, audience, subject_terms, available_now, times_borrowed,
                              sort_title, published, created_at, document, names, sample_slice)
    values (new.id, new.format, new.language, new.audience, new.subject_terms,
            available,
            coalesce((select b.times_borrowed from publication_borrowed b where b.publication_id = new.id), 0),
            new.sort_title, new.published, new.created_at,
            setweight(lainaamo_language_tsvector(new.language, coalesce(new.title, '')), 'A')
                || setweight(to_tsvector('lainaamo_simple', names), 'A')
                || setweight(lainaamo_language_tsvector(new.language, coalesce(new.subtitle, '') || ' ' || coalesce(new.series_name, '')), 'B')
                || setweight(lainaamo_language_tsvector(new.language, array_to_string(new.subject_terms, ' ')), 'C')
                || setweight(lainaamo_language_tsvector(new.language, left(coalesce(new.description, ''), 20000)), 'D')
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

-- Entries of the publications this changes (the trigger fires on the no-op update).
update publication set status = status where status = 'ACTIVE' and language in ('und', 'mul');

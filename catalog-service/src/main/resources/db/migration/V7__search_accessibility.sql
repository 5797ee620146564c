-- Issue 16, accessibility as a search filter: the European Accessibility Act has required accessibility metadata for
-- e-books sold in the EU since June 2025, and patrons who need it must be able to search by it. Four filters a patron
-- understands, each derived from the schema.org values a publication carries:
--   screen-reader       accessModeSufficient has "textual" (the text alone is enough: readable aloud by a screen reader)
--   synchronised-audio  accessibilityFeature synchronizedAudioText (text and narration together)
--   adjustable-text     accessibilityFeature displayTransformability (font, size, spacing and colours can be changed)
--   no-hazards          accessibilityHazard "none", or all three of noFlashing/noMotionSimulation/noSoundHazard
-- They are kept in search_entry as an array (for the facet counts) and as zz-lexemes in its text index (zzaccscreenreader,
-- zzaccsynchronisedaudio, zzaccadjustabletext, zzaccnohazards), so one index lookup answers words and filters together.

create function lainaamo_accessibility_terms(a jsonb) returns text[] language sql immutable parallel safe as
$$
select case when a is null then '{}'::text[] else array_remove(array [
    case when coalesce(a -> 'accessModesSufficient', '[]') ? 'textual' then 'screen-reader' end,
    case when coalesce(a -> 'features', '[]') ? 'synchronizedAudioText' then 'synchronised-audio' end,
    case when coalesce(a -> 'features', '[]') ? 'displayTransformability' then 'adjustable-text' end,
    case when coalesce(a -> 'hazards', '[]') ? 'none'
              or coalesce(a -> 'hazards', '[]') @> '["noFlashingHazard", "noMotionSimulationHazard", "noSoundHazard"]'
         then 'no-hazards' end], null) end
$$;

alter table search_entry add column accessibility text[] not null default '{}';

-- The entry as V6 builds it, with the accessibility terms.
create or replace function search_entry_refresh() returns trigger language plpgsql as
$$
declare
    names     text;
    available boolean;
    access    text[];
begin
    if tg_op = 'DELETE' or new.status <> 'ACTIVE' then
        delete from search_entry where publication_id = coalesce(new.id, old.id);
        return null;
    end if;
    names := coalesce((select string_agg(c ->> 'name', ' ') from jsonb_array_elements(new.contributors) c), '');
    available := coalesce((select a.copies_available > 0 from publication_availability a where a.publication_id = new.id), false);
    access := lainaamo_accessibility_terms(new.accessibility);
    insert into search_entry (publication_id, format, language, audience, subject_terms, accessibility, available_now,
                              times_borrowed, sort_title, published, created_at, document, names, sample_slice)
    values (new.id, new.format, new.language, new.audience, new.subject_terms, access,
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
                                                         case when available then 'zzavailable' end], null))
                || coalesce((select array_to_tsvector(array_agg('zzacc' || replace(t, '-', ''))) from unnest(access) t), ''::tsvector),
            lainaamo_fold(coalesce(new.title, '') || ' ' || names || ' ' || coalesce(new.series_name, '')),
            case when new.id < '00080000-0000-0000-0000-000000000000' then 4
                 when new.id < '00400000-0000-0000-0000-000000000000' then 3
                 when new.id < '02000000-0000-0000-0000-000000000000' then 2
                 when new.id < '10000000-0000-0000-0000-000000000000' then 1 else 0 end)
    on conflict (publication_id) do update
        set format = excluded.format, language = excluded.language, audience = excluded.audience,
            subject_terms = excluded.subject_terms, accessibility = excluded.accessibility, sort_title = excluded.sort_title, published = excluded.published,
            available_now = excluded.available_now, document = excluded.document, names = excluded.names;
    return null;
end
$$;

-- Entries of the publications that have accessibility metadata (the trigger fires on the no-op update).
update publication set status = status where status = 'ACTIVE' and accessibility is not null;

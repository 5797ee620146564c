-- Issue 6: the full bibliographic record, withdrawal, the search index, the holds part of the availability read
-- model and ONIX import jobs.

create extension if not exists unaccent;
create extension if not exists pg_trgm;

-- Text search configurations per publication language. unaccent runs before the stemmer, so "Hämeenlinna",
-- "hameenlinna" and "HÄMEENLINNA" index and query the same; a query is folded by the same configuration.
create text search configuration lainaamo_fi (copy = finnish);
alter text search configuration lainaamo_fi alter mapping for hword, hword_part, word with unaccent, finnish_stem;
create text search configuration lainaamo_sv (copy = swedish);
alter text search configuration lainaamo_sv alter mapping for hword, hword_part, word with unaccent, swedish_stem;
create text search configuration lainaamo_en (copy = english);
alter text search configuration lainaamo_en alter mapping for hword, hword_part, word with unaccent, english_stem;
create text search configuration lainaamo_simple (copy = simple);
alter text search configuration lainaamo_simple alter mapping for hword, hword_part, word with unaccent, simple;

-- unaccent() is only STABLE; this wrapper names the dictionary so it can be used in the trigger and queries alike.
create function lainaamo_fold(t text) returns text language sql immutable parallel safe as
$$ select lower(public.unaccent('public.unaccent'::regdictionary, coalesce(t, ''))) $$;

alter table publication
    add column sort_title        text,
    add column languages         text[]  not null default '{}',
    add column identifiers       jsonb   not null default '[]',
    add column contributors      jsonb   not null default '[]',
    add column subjects          jsonb   not null default '[]',
    add column subject_terms     text[]  not null default '{}',
    add column audience          text    check (audience in ('ADULT', 'TEEN', 'CHILDREN')),
    add column series_name       text,
    add column series_position   numeric,
    add column imprint           text,
    add column cover_url         text,
    add column content_url       text,
    add column duration_seconds  int     check (duration_seconds >= 0),
    add column pages             int     check (pages >= 0),
    add column accessibility     jsonb,
    add column status            text    not null default 'ACTIVE' check (status in ('ACTIVE', 'WITHDRAWN')),
    add column withdrawn_reason  text,
    add column withdrawn_at      timestamptz,
    add column search_vector     tsvector,
    add column search_names      text;

-- The index follows every change in the same transaction: title and contributors weigh most (A), subtitle and
-- series next (B), subjects (C), description least (D); stemmed by the publication's language.
create function publication_search_index() returns trigger language plpgsql as
$$
declare
    cfg regconfig := case new.language when 'fin' then 'lainaamo_fi' when 'swe' then 'lainaamo_sv'
                                       when 'eng' then 'lainaamo_en' else 'lainaamo_simple' end;
    names text := coalesce((select string_agg(c ->> 'name', ' ') from jsonb_array_elements(new.contributors) c), '');
begin
    new.search_vector :=
            setweight(to_tsvector(cfg, coalesce(new.title, '')), 'A')
            || setweight(to_tsvector('lainaamo_simple', names), 'A')
            || setweight(to_tsvector(cfg, coalesce(new.subtitle, '') || ' ' || coalesce(new.series_name, '')), 'B')
            || setweight(to_tsvector(cfg, array_to_string(new.subject_terms, ' ')), 'C')
            || setweight(to_tsvector(cfg, left(coalesce(new.description, ''), 20000)), 'D');
    -- titles and names, folded, for prefix and typo tolerance through trigrams
    new.search_names := lainaamo_fold(coalesce(new.title, '') || ' ' || names || ' ' || coalesce(new.series_name, ''));
    return new;
end
$$;
create trigger publication_search_index before insert or update on publication
    for each row execute function publication_search_index();

update publication set contributors = (select coalesce(jsonb_agg(jsonb_build_object('name', a, 'role', 'author')), '[]')
                                       from unnest(authors) a),
                       sort_title = lower(title);

create index publication_search on publication using gin (search_vector);
create index publication_names_trgm on publication using gin (search_names gin_trgm_ops);
create index publication_subjects on publication using gin (subject_terms);
create index publication_facets on publication (status, format, language, audience);
create index publication_sort_title on publication (sort_title, id);
create index publication_newest on publication (published desc nulls last, created_at desc, id);

-- Seats kept for ready holds (from availability-changed events).
alter table publication_availability add column seats_held_for_holds int not null default 0;

-- Patrons waiting for a title, from loan-service's hold-queue-changed events; its own version line.
create table publication_holds (
    publication_id uuid primary key,
    holds_waiting  int         not null,
    version        bigint      not null,
    updated_at     timestamptz not null
);

-- How often a title was borrowed (licence-consumed events), for the "most borrowed" sort.
create table publication_borrowed (
    publication_id uuid primary key,
    times_borrowed bigint not null
);

-- ONIX imports: one job per file, its counters move while it runs so staff can follow it.
create table import_job (
    id          uuid primary key,
    kind        text        not null,
    source      text        not null,
    status      text        not null check (status in ('QUEUED', 'RUNNING', 'FINISHED', 'FAILED')),
    processed   int         not null default 0,
    imported    int         not null default 0,
    updated     int         not null default 0,
    skipped     int         not null default 0,
    failed      int         not null default 0,
    withdrawn   int         not null default 0,
    error       text,
    started_at  timestamptz not null,
    finished_at timestamptz
);

-- What happened to each product of an import, with the reason.
create table import_record (
    job_id           uuid   not null references import_job (id) on delete cascade,
    seq              int    not null,
    record_reference text,
    isbn             text,
    publication_id   uuid,
    outcome          text   not null check (outcome in ('IMPORTED', 'UPDATED', 'WITHDRAWN', 'SKIPPED', 'FAILED')),
    reason           text,
    primary key (job_id, seq)
);

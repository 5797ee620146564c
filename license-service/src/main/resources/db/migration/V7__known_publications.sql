-- Publications the catalogue knows (issue 13): a licence is added by hand only for one of these, so no licence is
-- bought for an id the catalogue never heard of. Learned from publication.upserted / publication.withdrawn on
-- lainaamo.catalog.v1, and from this service's own ODL imports (the feed is where those publications come from).
create table known_publication (
    publication_id uuid        primary key,
    -- how it became known: catalogue (an event), odl-import, or licence (it had a licence before this table existed)
    source         text        not null,
    known_since    timestamptz not null default now(),
    -- the catalogue withdrew it (its licences and loans stay; an edit of a withdrawn title does not reinstate it)
    withdrawn_at   timestamptz
);

-- what this service already knew before it listened to the catalogue: titles with licences, and feed publications
insert into known_publication (publication_id, source, known_since)
select publication_id, 'licence', min(created_at) from licence group by publication_id
on conflict do nothing;
insert into known_publication (publication_id, source, known_since)
select publication_id, 'odl-import', received_at from feed_publication
on conflict do nothing;

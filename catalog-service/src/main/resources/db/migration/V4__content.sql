-- Content of titles without a distributor (demo data, a library's own publications): an EPUB or an audiobook
-- manifest per publication. The bytes are a PostgreSQL large object (streamed in and out, never held in memory);
-- large_object is its oid. Replacing or deleting the content unlinks the object in the same transaction.
create table publication_content (
    publication_id      uuid primary key references publication (id),
    media_type          text        not null check (media_type in ('application/epub+zip', 'application/audiobook+json')),
    size                bigint      not null check (size > 0),
    sha256              text        not null check (sha256 ~ '^[0-9a-f]{64}$'),
    large_object        oid         not null unique,
    reading_order_count int         not null check (reading_order_count >= 0),
    -- title, language, identifier, reading order, resources and toc from the EPUB's package document (null for audio)
    package_document    jsonb,
    uploaded_at         timestamptz not null,
    uploaded_by         text        not null
);

-- Each file inside a stored EPUB and where its bytes lie in the large object, so one chapter is served by reading
-- only its own stretch. Paths are the archive's entry names, checked safe at upload (no root, no "..").
create table publication_content_entry (
    publication_id  uuid   not null references publication_content (publication_id) on delete cascade,
    path            text   not null check (length(path) between 1 and 1000),
    media_type      text   not null,
    method          int    not null check (method in (0, 8)),
    data_offset     bigint not null check (data_offset >= 0),
    compressed_size bigint not null check (compressed_size >= 0),
    size            bigint not null check (size >= 0),
    primary key (publication_id, path)
);

-- What the patron opens for a loan, as license-service answered when it gave the seat (issue 12): the kind of
-- fulfilment, the distributor's LCP licence and loan status document (distributor titles), or the content link
-- (open access). Our own content (kind local) is served through a signed link to catalog-service's content store.
alter table loan
    add column fulfilment_kind      text check (fulfilment_kind in ('distributor', 'open-access', 'local')),
    add column licence_document_url text,
    add column distributor_status_url text,
    add column content_url          text,
    add column content_type         text,
    add column distributor_renewable boolean not null default false;

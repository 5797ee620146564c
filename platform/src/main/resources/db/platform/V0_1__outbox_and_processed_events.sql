-- Shared by every service (Flyway location db/platform): the transactional outbox and the processed-event log.

-- An event waits here, written in the same transaction as the change it describes, until the relay has
-- published it to Kafka. Rows are published in id order, so events of one key stay in order.
create table outbox_event (
    id             bigserial primary key,
    event_id       uuid        not null unique,
    type           text        not null,
    subject        text        not null,
    partition_key  text        not null,
    payload        text        not null,
    traceparent    text,
    created_at     timestamptz not null default now(),
    sent_at        timestamptz
);
create index outbox_event_unsent on outbox_event (id) where sent_at is null;

-- Idempotent consumers: the id of every event whose effect has been committed, written in the same transaction.
create table processed_event (
    source        text        not null,
    event_id      uuid        not null,
    type          text        not null,
    processed_at  timestamptz not null default now(),
    primary key (source, event_id)
);

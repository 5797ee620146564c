-- Shared by every service (Flyway location db/platform): records a consumer set aside because no retry could ever
-- apply them (not a CloudEvent, unreadable data, a broken contract, an unknown version of a known type, or a failure
-- that persisted while the database answered). Each is also published to the consumer's dead-letter topic; here an
-- admin lists them and re-drives one after a fix.
create table dead_letter (
    id             bigserial   primary key,
    consumer       text        not null,
    topic          text        not null,
    record_partition integer   not null,
    record_offset  bigint      not null,
    record_key     text,
    headers        text        not null,
    payload        text,
    event_id       text,
    event_type     text,
    reason_code    text        not null,
    reason         text        not null,
    status         text        not null default 'open' check (status in ('open', 'redriven', 'discarded')),
    dead_at        timestamptz not null default now(),
    resolved_at    timestamptz,
    unique (consumer, topic, record_partition, record_offset)
);
create index dead_letter_open on dead_letter (consumer, id) where status = 'open';

-- Webhooks for partner library systems (issue 15).

-- The key each partner app's patron pseudonyms are made with: HMAC-SHA256(key, patron id). One per app, so all of an
-- app's endpoints see the same pseudonym for a patron and no two apps can match their pseudonyms. Made when the app
-- registers its first endpoint; never shown.
create table webhook_partner_key (
    client_id     text primary key references partner_app (client_id) on delete cascade,
    pseudonym_key bytea       not null,
    created_at    timestamptz not null default now()
);

-- An endpoint a partner app registered. The secret (whsec_...) is kept as is because every send is signed with it.
-- Disabled by the sender after repeated failure (disabled_reason says why, admin_told_at when the consortium admin was
-- e-mailed), or by the app; a PATCH re-enables.
create table webhook_endpoint (
    id                   uuid primary key,
    client_id            text        not null references partner_app (client_id) on delete cascade,
    url                  text        not null,
    -- space-separated webhook types (loan.started.v1 ...), as partner_app.scopes
    event_types          text        not null,
    description          text,
    secret               text        not null,
    -- after a rotation the previous secret signs too (a second v1 signature) until previous_secret_until, so the
    -- partner can switch without losing a delivery
    previous_secret       text,
    previous_secret_until timestamptz,
    status               text        not null default 'enabled' check (status in ('enabled', 'disabled')),
    disabled_at          timestamptz,
    disabled_reason      text,
    admin_told_at        timestamptz,
    consecutive_failures int         not null default 0,
    failing_since        timestamptz,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now()
);
create index webhook_endpoint_app on webhook_endpoint (client_id, created_at);
-- disabled endpoints whose admin notice is still to be sent
create index webhook_endpoint_untold on webhook_endpoint (disabled_at) where status = 'disabled' and admin_told_at is null;

-- One event for one endpoint: the body exactly as sent (the same bytes on every retry and replay; the signature is made
-- anew with each attempt's timestamp), the delivery state and its log. Written in the transaction of the consumed
-- event; (endpoint_id, event_id) unique, so a redelivered event queues nothing twice. seq orders deliveries: a later
-- one for the same endpoint and partition key (the publication) waits while an earlier one is pending or failed.
-- status: pending (not tried yet, or being tried), failed (an attempt failed, the next at next_attempt_at),
-- sent (2xx), dead (gave up after the last retry). last_error is a short technical reason, never a secret.
-- Rows are kept for lainaamo.webhooks.retention (7 days) after the event, so that a range can be replayed.
create table webhook_delivery (
    id               uuid primary key,
    seq              bigserial   not null unique,
    endpoint_id      uuid        not null references webhook_endpoint (id) on delete cascade,
    event_id         uuid        not null,
    event_type       text        not null,
    partition_key    text        not null,
    occurred_at      timestamptz not null,
    body             text        not null,
    status           text        not null default 'pending' check (status in ('pending', 'failed', 'sent', 'dead')),
    attempts         int         not null default 0,
    next_attempt_at  timestamptz,
    last_attempt_at  timestamptz,
    last_status_code int,
    last_error       text,
    sent_at          timestamptz,
    replays          int         not null default 0,
    created_at       timestamptz not null default now(),
    unique (endpoint_id, event_id)
);
-- the sender's queue
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status in ('pending', 'failed');
-- per-endpoint order by key: is an earlier one still open?
create index webhook_delivery_open_by_key on webhook_delivery (endpoint_id, partition_key, seq) where status in ('pending', 'failed');
-- the delivery log and replay ranges
create index webhook_delivery_log on webhook_delivery (endpoint_id, occurred_at desc, seq desc);
create index webhook_delivery_age on webhook_delivery (occurred_at);

-- What patrons are told (issue 15): one row per occasion and channel. The delivery key names the occasion
-- ("hold-ready:{holdId}"); the unique constraint with the channel is what makes a redelivered or replayed event tell
-- nobody twice. The row is written in the same transaction as the consumed event.
-- In-app rows are the patron's inbox (read_at). E-mail rows are the sender's queue: status pending until the SMTP
-- server accepted the message (sent), or skipped (the patron removed the address or turned e-mail off meanwhile), or
-- failed (gave up after the last attempt). No e-mail address is copied here: the sender reads the patron's current
-- one at send time, so an erased or changed address is never used.
create table notice (
    id              uuid primary key,
    patron_id       uuid        not null references patron (id) on delete cascade,
    channel         text        not null check (channel in ('in-app', 'email')),
    delivery_key    text        not null,
    occasion        text        not null check (occasion in ('hold-ready', 'hold-expired')),
    publication_id  uuid,
    hold_id         uuid,
    -- the pick-up deadline of a ready hold; when a hold expired for the other occasions
    occasion_at     timestamptz,
    created_at      timestamptz not null default now(),
    read_at         timestamptz,
    status          text        check (status in ('pending', 'sent', 'skipped', 'failed')),
    attempts        int         not null default 0,
    next_attempt_at timestamptz,
    sent_at         timestamptz,
    last_error      text,
    unique (delivery_key, channel),
    check ((channel = 'email') = (status is not null))
);
-- the inbox, newest first
create index notice_inbox on notice (patron_id, created_at desc, id desc) where channel = 'in-app';
-- the sender's queue
create index notice_email_due on notice (next_attempt_at) where channel = 'email' and status = 'pending';

-- Issue 15: Web Push (RFC 8030/8291/8292) as a third channel, and channels chosen per patron and per occasion.

-- A browser's push subscription (PushSubscription.toJSON()): where to POST (the push service's endpoint URL, which is
-- the patron's personal data: it is exported and erased with them, and never logged or put on an event), and the
-- keys that encrypt for that browser. One endpoint belongs to one subscription; the same browser subscribing again
-- updates it.
create table push_subscription (
    id         uuid primary key,
    patron_id  uuid        not null references patron (id) on delete cascade,
    endpoint   text        not null unique,
    -- base64url, as the browser gives them: the uncompressed P-256 point (65 bytes) and the 16-byte auth secret
    p256dh     text        not null,
    auth       text        not null,
    created_at timestamptz not null default now()
);
create index push_subscription_patron on push_subscription (patron_id);

-- The VAPID key pair (RFC 8292) the push services know this application by. One row: created at first start unless
-- configured, shared by every instance (browsers subscribed with its public key; a new key would orphan them).
create table vapid_key (
    id          smallint primary key check (id = 1),
    private_key text        not null, -- PKCS#8, base64
    public_key  text        not null, -- the uncompressed point, base64url (the app's applicationServerKey)
    created_at  timestamptz not null default now()
);

-- Push notices: one row per occasion and subscription, queued (status pending) like e-mail. The subscription id is
-- not a foreign key: a subscription dropped (the push service answered 404/410, or the patron removed it) leaves its
-- rows, which the sender then skips.
alter table notice add column push_subscription_id uuid;
alter table notice drop constraint notice_channel_check;
alter table notice add constraint notice_channel_check check (channel in ('in-app', 'email', 'push'));
alter table notice drop constraint notice_check;
alter table notice add constraint notice_sent_channels_have_status
    check ((channel in ('email', 'push')) = (status is not null) and (channel = 'push') = (push_subscription_id is not null));
-- once per occasion and channel; for push once per occasion and subscription
alter table notice drop constraint notice_delivery_key_channel_key;
create unique index notice_once on notice (delivery_key, channel) where channel <> 'push';
create unique index notice_push_once on notice (delivery_key, push_subscription_id) where channel = 'push';
create index notice_push_due on notice (next_attempt_at) where channel = 'push' and status = 'pending';

-- Which channels the patron wants for an occasion. No row for an occasion and channel: the default (wanted). The
-- profile's notifications.email / notifications.inApp stay master switches over these, and a channel is used only
-- when it can be (an address for e-mail, a subscription for push).
create table notice_choice (
    patron_id uuid    not null references patron (id) on delete cascade,
    occasion  text    not null check (occasion in ('hold-ready', 'hold-expired', 'hold-ready-reminder', 'loan-due', 'loan-expired')),
    channel   text    not null check (channel in ('in-app', 'email', 'push')),
    wanted    boolean not null,
    primary key (patron_id, occasion, channel)
);

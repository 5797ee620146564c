-- Failed sign-ins per client address, kept here so the limit holds across instances. The address is stored only as a
-- SHA-256 (an IPv6 address cut to its /64 first), and a row is deleted within a minute after its window has ended.
create table sign_in_address_failure (
    address_hash text        primary key,
    failures     int         not null,
    window_end   timestamptz not null
);
create index sign_in_address_failure_by_window_end on sign_in_address_failure (window_end);

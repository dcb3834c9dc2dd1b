-- Monitoring: alerts raised by rules, their states (active, acknowledged, resolved, with who and when), and the
-- e-mail and webhook notifications they cause. Extends the vault_alert table the vault overview counts (V4).
alter table vault_alert add column server_id uuid;
alter table vault_alert add column rule varchar(40) not null default 'LEGACY';
alter table vault_alert add column detail varchar(2000);
alter table vault_alert add column state varchar(16) not null default 'ACTIVE';
-- the cause's key while the alert is not resolved, so one cause never has two open alerts (null once resolved)
alter table vault_alert add column open_key varchar(200);
alter table vault_alert add column last_occurred_at timestamp with time zone;
alter table vault_alert add column occurrences integer not null default 1;
alter table vault_alert add column acknowledged_by varchar(128);
alter table vault_alert add column acknowledged_at timestamp with time zone;
alter table vault_alert add column resolved_at timestamp with time zone;
alter table vault_alert add column resolved_by varchar(128);
create unique index vault_alert_open_key on vault_alert (open_key);
create index vault_alert_server_state on vault_alert (server_id, state);
create index vault_alert_state on vault_alert (state, raised_at);

-- Who hears about a vault's alerts. The webhook secret is sealed (never stored or shown in clear).
create table alert_notification_setting (
    vault_id              uuid primary key references vault (id),
    email_recipients      varchar(2000),
    daily_digest          boolean not null default false,
    last_digest_at        timestamp with time zone,
    webhook_url           varchar(2000),
    webhook_secret_sealed varchar(1000),
    updated_at            timestamp with time zone not null,
    updated_by            varchar(128) not null
);

-- The console's outgoing mail server (one row). The password is sealed.
create table smtp_setting (
    id              integer primary key,
    host            varchar(255) not null,
    port            integer      not null,
    security        varchar(16)  not null,
    username        varchar(255),
    password_sealed varchar(1000),
    from_address    varchar(320) not null,
    updated_at      timestamp with time zone not null,
    updated_by      varchar(128) not null
);

-- Notifications to send: one row per alert, event and channel, so each is sent once, retried with backoff.
create table alert_notification (
    id              uuid primary key,
    alert_id        uuid        not null references vault_alert (id),
    event           varchar(16) not null,
    channel         varchar(16) not null,
    created_at      timestamp with time zone not null,
    next_attempt_at timestamp with time zone not null,
    claimed_until   timestamp with time zone,
    attempts        integer     not null default 0,
    delivered_at    timestamp with time zone,
    failed_at       timestamp with time zone,
    last_error      varchar(500),
    constraint alert_notification_once unique (alert_id, event, channel)
);
create index alert_notification_due on alert_notification (delivered_at, failed_at, next_attempt_at);

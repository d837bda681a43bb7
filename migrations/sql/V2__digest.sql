-- Digest recipients, one run per date, one delivery per (date, recipient): a crash mid-send resumes
-- without re-sending, and two schedulers racing on the same date send once.

CREATE TABLE digest_recipients (
    recipient_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email              text        NOT NULL,
    display_name       text,
    unsubscribe_token  text        NOT NULL UNIQUE,
    active             boolean     NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    unsubscribed_at    timestamptz
);
-- Addresses are compared case-insensitively so "A@x.com" and "a@x.com" are one recipient.
CREATE UNIQUE INDEX digest_recipients_email_key ON digest_recipients (lower(email));

CREATE TABLE digest_runs (
    digest_date     date        PRIMARY KEY,
    status          text        NOT NULL CHECK (status IN ('CLAIMED', 'SENDING', 'COMPLETED', 'FAILED')),
    claimed_by      text        NOT NULL,
    claimed_at      timestamptz NOT NULL DEFAULT now(),
    lease_until     timestamptz NOT NULL,                  -- another scheduler may take over a stale claim after this
    window_start    timestamptz,
    window_end      timestamptz,
    signal_count    integer,
    completed_at    timestamptz,
    last_error      text
);

CREATE TABLE digest_deliveries (
    digest_date    date        NOT NULL REFERENCES digest_runs (digest_date),
    recipient_id   bigint      NOT NULL REFERENCES digest_recipients (recipient_id),
    status         text        NOT NULL CHECK (status IN ('SENDING', 'SENT', 'FAILED')),
    message_id     text        NOT NULL,
    attempts       integer     NOT NULL DEFAULT 1,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    last_error     text,
    PRIMARY KEY (digest_date, recipient_id)
);

-- Immediate high-confidence alerts: at most one email per (signal, recipient), whatever replays happen.
CREATE TABLE alert_deliveries (
    signal_id      text        NOT NULL REFERENCES signal_history (signal_id),
    recipient_id   bigint      NOT NULL REFERENCES digest_recipients (recipient_id),
    status         text        NOT NULL CHECK (status IN ('SENDING', 'SENT', 'FAILED')),
    message_id     text        NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    last_error     text,
    PRIMARY KEY (signal_id, recipient_id)
);

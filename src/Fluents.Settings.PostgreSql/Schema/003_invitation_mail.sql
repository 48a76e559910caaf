-- 003: invitation mail waiting to be sent (R23, R32). The email, its accept token included, is sealed with AES-256-GCM under a
-- key the host provides (never readable at rest), written in the save's transaction, and deleted once the mailer took it.
-- key_id names the host key that sealed it (the first 8 bytes of its SHA-256), so a host with another key says so plainly.

CREATE TABLE invitation_mail (
    account_id       uuid        NOT NULL,
    version          bigint      NOT NULL,
    invitation_id    uuid        NOT NULL,
    key_id           bytea       NOT NULL,
    sealed           bytea       NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text        NULL,
    PRIMARY KEY (account_id, version, invitation_id)
);
-- A newer email of the same invitation (resend, renew) replaces one not yet sent: the old link would not work anyway.
CREATE INDEX invitation_mail_by_invitation ON invitation_mail (invitation_id);
CREATE INDEX invitation_mail_due ON invitation_mail (next_attempt_at);

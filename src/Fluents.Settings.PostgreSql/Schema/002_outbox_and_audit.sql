-- 002: the transactional outbox and the audit trail (R28, R32). Both are written in the save's transaction, one row per
-- event, keyed (account, version, index): the key handlers de-duplicate on and the audit trail is ordered by.

CREATE TABLE outbox (
    account_id       uuid        NOT NULL,
    version          bigint      NOT NULL,
    event_index      integer     NOT NULL,
    type             text        NOT NULL,
    payload          jsonb       NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text        NULL,
    PRIMARY KEY (account_id, version, event_index)
);
-- The relay reads the oldest undelivered entries of an account, in order.
CREATE INDEX outbox_undelivered ON outbox (account_id, version, event_index) WHERE delivered_at IS NULL;

CREATE TABLE audit (
    account_id    uuid        NOT NULL,
    version       bigint      NOT NULL,
    event_index   integer     NOT NULL,
    occurred_at   timestamptz NOT NULL,
    actor         text        NOT NULL,
    environments  uuid[]      NOT NULL,
    type          text        NOT NULL,
    summary       text        NOT NULL,
    payload       jsonb       NOT NULL,
    PRIMARY KEY (account_id, version, event_index)
);
-- The filters of a page: by actor and by time within an account (newest first by the key), by environment.
CREATE INDEX audit_by_actor ON audit (account_id, actor, version DESC, event_index DESC);
CREATE INDEX audit_by_time ON audit (account_id, occurred_at);
CREATE INDEX audit_by_environment ON audit USING gin (environments);

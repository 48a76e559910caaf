-- 001: accounts and the API-key lookup (R24–R27, R31).
-- Run with search_path set to the configured schema (PostgreSqlSchema does; so does the script it prints for a DBA).

-- One row per account: the core's JSON snapshot (docs/json-format.md) next to its version, for optimistic concurrency.
CREATE TABLE accounts (
    id          uuid        PRIMARY KEY,
    version     bigint      NOT NULL CHECK (version >= 0),
    snapshot    jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Every key that authenticates, by the SHA-256 of the key (never the key): the table each host's in-memory index follows.
-- Written in the save's transaction; valid_until is null for an environment's current key and the deadline of a previous key.
CREATE TABLE api_keys (
    key_hash         bytea       PRIMARY KEY CHECK (octet_length(key_hash) = 32),
    account_id       uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    environment_id   uuid        NOT NULL,
    valid_until      timestamptz NULL,
    account_version  bigint      NOT NULL
);
CREATE INDEX api_keys_by_account ON api_keys (account_id);

-- When each key last authenticated, written in batches by the hosts (at most once per key per minute), never on the
-- verification path. Not a foreign key: a revoked key's last use may still arrive, and is harmless.
CREATE TABLE api_key_usage (
    key_hash      bytea       PRIMARY KEY,
    last_used_at  timestamptz NOT NULL
);

-- Accounts of the web application: no personal data beyond a username and a display name. `username_key` is the
-- username lower-cased by the application, so that uniqueness and log-in ignore case the same way on both engines.
-- `scope` is the dotted region code the account may see ('' = the whole country).
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL,
    username_key  TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    scope         TEXT NOT NULL,
    agency        TEXT,
    active        INTEGER NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

-- Server-side sessions. The cookie holds a random token; only its 32-byte BLAKE3 hash is stored, so a copy of
-- the database does not let anyone log in. `expires_at` is in unix seconds.
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    csrf       TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- API tokens, stored as hashes like sessions. `last_used_unix` throttles the `last_used_at` updates.
CREATE TABLE api_tokens (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id),
    name           TEXT NOT NULL,
    token_hash     BLOB NOT NULL UNIQUE,
    created_at     TEXT NOT NULL,
    last_used_at   TEXT,
    last_used_unix INTEGER,
    revoked        INTEGER NOT NULL DEFAULT 0
);

-- Who viewed or changed what, when and from where. Never a NIK or a name: targets are keys such as
-- 2021/17.01.01.2001/F0001. No reference to users: the log outlives accounts and records failed log-ins.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    user_id  INTEGER,
    username TEXT NOT NULL,
    action   TEXT NOT NULL,
    target   TEXT NOT NULL,
    region   TEXT NOT NULL,
    ip       TEXT NOT NULL,
    detail   TEXT NOT NULL
);
CREATE INDEX audit_log_region ON audit_log (region, id);
CREATE INDEX audit_log_username ON audit_log (username, id);

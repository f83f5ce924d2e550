-- Second factor (TOTP, RFC 6238) and recovery codes. The TOTP secret is sealed with the personal-data vault
-- (bound to the user id), so a copy of the database alone does not give anyone the codes. `last_step` is the
-- 30-second step of the last code accepted: a code of that step or an earlier one is refused (no replay).
CREATE TABLE user_totp (
    user_id      INTEGER PRIMARY KEY REFERENCES users (id),
    secret       BLOB NOT NULL,
    confirmed    INTEGER NOT NULL DEFAULT 0,
    last_step    INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    confirmed_at TEXT
);

-- One-time recovery codes: only their BLAKE3 hashes (the codes carry 80 random bits); `used_at` once used.
CREATE TABLE user_recovery_codes (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    code_hash BLOB NOT NULL UNIQUE,
    used_at   TEXT
);
CREATE INDEX user_recovery_codes_user ON user_recovery_codes (user_id);

-- What a session may do: 'full' (logged in), 'totp' (password checked, the second factor is awaited) or 'enrol'
-- (the operator requires a second factor the user has not set up yet: only the enrolment pages).
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'full';

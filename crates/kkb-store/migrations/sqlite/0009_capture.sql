-- Offline field capture over OpenRosa (docs/openrosa.md).
--
-- `digest_ha1`: the user's HTTP Digest secret MD5(username:realm:password), sealed with the personal-data key;
-- written whenever the password is known (log-in, password set, user creation), so that ODK Collect can log in
-- with Digest authentication. NULL until then.
ALTER TABLE users ADD COLUMN digest_ha1 BLOB;

-- Every submission received from a phone, whole: the instance XML (sealed: it holds NIKs and names), its
-- attachments, and its fate. `instance_id` (the form's meta/instanceID) is unique: a submission sent twice is
-- recorded once. `status`: received (being applied), applied, review (waiting in the queue), corrected,
-- rejected, replaced (an edited resend took its place while it waited). `problems`: JSON, the reasons it waits.
CREATE TABLE capture_submissions (
    id              INTEGER PRIMARY KEY,
    instance_id     TEXT NOT NULL UNIQUE,
    form_id         TEXT NOT NULL,
    form_version    TEXT NOT NULL,
    village         TEXT NOT NULL,
    year            INTEGER,
    family_id       TEXT NOT NULL,
    deprecates      TEXT NOT NULL,
    status          TEXT NOT NULL,
    problems        TEXT NOT NULL,
    user_id         INTEGER,
    username        TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    decided_at      TEXT,
    decided_by      TEXT,
    note            TEXT NOT NULL,
    applied_version INTEGER,
    instance        BLOB NOT NULL
);
CREATE INDEX capture_submissions_village ON capture_submissions (village, status, id);
CREATE INDEX capture_submissions_user ON capture_submissions (user_id, id);

CREATE TABLE capture_attachments (
    submission   INTEGER NOT NULL REFERENCES capture_submissions (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content      BLOB NOT NULL,
    PRIMARY KEY (submission, name)
);

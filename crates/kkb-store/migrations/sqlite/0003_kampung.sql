-- The Kampung KB registry. Each table keys on the village code; the domain values are kept as JSON (`record`,
-- `profile`, `report`, `activity`) beside the columns that queries filter or order on.

-- One Kampung KB per desa/kelurahan. `launch_date` (YYYY-MM-DD) and `active` decide coverage; `class` is the
-- class computed on the latest change of anything it depends on (NULL while inactive).
CREATE TABLE kampung (
    village     TEXT PRIMARY KEY REFERENCES regions (code),
    name        TEXT NOT NULL,
    launch_date TEXT NOT NULL,
    active      INTEGER NOT NULL,
    record      TEXT NOT NULL,
    class       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX kampung_launch ON kampung (active, launch_date);

-- Profiles, versioned: every saved profile is a new row; the one with the latest `valid_from` is active.
CREATE TABLE kampung_profiles (
    id         INTEGER PRIMARY KEY,
    village    TEXT NOT NULL REFERENCES kampung (village),
    valid_from TEXT NOT NULL,
    active     INTEGER NOT NULL,
    profile    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (village, valid_from)
);
CREATE UNIQUE INDEX kampung_profiles_one_active ON kampung_profiles (village) WHERE active = 1;

-- Monthly KB reports, one per village and month (YYYY-MM). A district officer verifies a report (`verified_by`,
-- `verified_at`); changing a verified report clears the verification.
CREATE TABLE kampung_reports (
    village    TEXT NOT NULL REFERENCES kampung (village),
    month      TEXT NOT NULL,
    report      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    verified_by TEXT,
    verified_at TEXT,
    PRIMARY KEY (village, month)
);

-- Activities (kegiatan).
CREATE TABLE kampung_activities (
    id         INTEGER PRIMARY KEY,
    village    TEXT NOT NULL REFERENCES kampung (village),
    date       TEXT NOT NULL,
    activity   TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX kampung_activities_village ON kampung_activities (village, date);

-- Class changes, append-only: a row only when the computed class differs from the latest one.
CREATE TABLE kampung_class_history (
    id      INTEGER PRIMARY KEY,
    village TEXT NOT NULL REFERENCES kampung (village),
    date    TEXT NOT NULL,
    class   TEXT NOT NULL,
    detail  TEXT NOT NULL
);
CREATE INDEX kampung_class_history_village ON kampung_class_history (village, id);

-- Photos and documents (PNG, JPEG, PDF up to 5 MiB, checked by the store), with their SHA-256.
CREATE TABLE kampung_documents (
    id           INTEGER PRIMARY KEY,
    village      TEXT NOT NULL REFERENCES kampung (village),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    bytes        BLOB NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX kampung_documents_village ON kampung_documents (village, id);

-- Manual population entries, dated: the latest one replaces the PK round's figures when it is dated after the
-- round's reference date.
CREATE TABLE kampung_population (
    village    TEXT NOT NULL REFERENCES kampung (village),
    valid_from TEXT NOT NULL,
    population TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (village, valid_from)
);

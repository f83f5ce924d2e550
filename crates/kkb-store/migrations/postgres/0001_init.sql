-- Regions: the official Kemendagri table (any edition loaded later is an upsert).
CREATE TABLE regions (
    code   TEXT PRIMARY KEY,
    parent TEXT,
    level  TEXT NOT NULL,
    name   TEXT NOT NULL,
    kind   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX regions_parent ON regions (parent, code);

-- Methodology definitions (JSON), referenced by the rounds they scored.
CREATE TABLE methodologies (
    id         TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- A census round: all families of one pk_year.
CREATE TABLE rounds (
    year           BIGINT PRIMARY KEY,
    methodology_id TEXT NOT NULL REFERENCES methodologies (id),
    updated_at     TEXT NOT NULL
);

-- Families. `answers` holds the coded answers of the family and its members (no personal data).
-- `applicable`/`met` are the variable bit masks of the score, which determine every family figure. The table
-- stays narrow (personal data lives in family_pii) so that recompute and drill-downs scan little.
CREATE TABLE families (
    id         BIGINT PRIMARY KEY,
    year       BIGINT NOT NULL REFERENCES rounds (year),
    village    TEXT NOT NULL,
    family_id  TEXT NOT NULL,
    rw         BIGINT,
    rt         BIGINT,
    members    BIGINT NOT NULL,
    answers    BYTEA NOT NULL,
    extras     TEXT,
    version    BIGINT NOT NULL,
    applicable BIGINT NOT NULL,
    met        BIGINT NOT NULL,
    fp         BIGINT NOT NULL,
    category   BIGINT,
    updated_at TEXT NOT NULL,
    UNIQUE (year, village, family_id)
);
-- Personal data of a family: KK number, NIKs and names, encrypted with a key kept outside the database, and
-- `id_hashes`, the keyed hashes of its own KK number and NIKs, so that replacing a family removes its index
-- entries by key.
CREATE TABLE family_pii (
    family    BIGINT PRIMARY KEY,
    pii       BYTEA NOT NULL,
    id_hashes BYTEA NOT NULL
);

-- (year, village, …) queries use the unique key's prefix; no further index is kept on families, so that a
-- bulk import maintains as few B-trees as possible.

-- NIK look-up and uniqueness within a round, by keyed hash. No index on `family`: entries are found through
-- family_pii.id_hashes, so that a bulk import appends to one B-tree only (rows arrive in hash order).
CREATE TABLE nik_index (
    year      BIGINT NOT NULL,
    hash      BYTEA NOT NULL,
    family    BIGINT NOT NULL,
    member_no BIGINT NOT NULL,
    PRIMARY KEY (year, hash)
);

-- KK number look-up by keyed hash (not unique: the census does not require it).
CREATE TABLE kk_index (
    year   BIGINT NOT NULL,
    hash   BYTEA NOT NULL,
    family BIGINT NOT NULL,
    PRIMARY KEY (year, hash, family)
);

-- Exact region aggregates per round, kept in the same transaction as the family rows.
CREATE TABLE region_tally (
    year           BIGINT NOT NULL,
    region         TEXT NOT NULL,
    methodology_id TEXT NOT NULL,
    families       BIGINT NOT NULL,
    scored         BIGINT NOT NULL,
    tally          TEXT NOT NULL,
    PRIMARY KEY (year, region)
);

-- What was imported, when (no personal data).
CREATE TABLE imports (
    id         BIGINT PRIMARY KEY,
    at         TEXT NOT NULL,
    source     TEXT NOT NULL,
    families   BIGINT NOT NULL,
    members    BIGINT NOT NULL,
    replaced   BIGINT NOT NULL
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

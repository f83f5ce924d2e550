-- Cross-sector planning (Inpres 3/2022): agencies, yearly action plans of a province or kabupaten/kota, their
-- items (who does what, where, when, with what budget), the villages each item targets, and progress reports.
-- Domain values are JSON beside the columns queries filter on.

-- National agencies (id `kemenkes`) and regional offices (id `kind:region`, e.g. `dinkes:17.01`).
CREATE TABLE agencies (
    id     TEXT PRIMARY KEY,
    region TEXT,
    kind   TEXT,
    agency TEXT NOT NULL
);
CREATE INDEX agencies_region ON agencies (region);

-- One plan per region and year; `version` grows with every change of the plan or its items.
CREATE TABLE plans (
    id         INTEGER PRIMARY KEY,
    region     TEXT NOT NULL REFERENCES regions (code),
    year       INTEGER NOT NULL,
    status     TEXT NOT NULL,
    version    INTEGER NOT NULL,
    plan       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (region, year)
);

CREATE TABLE plan_items (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plans (id),
    responsible TEXT NOT NULL,
    area        INTEGER NOT NULL,
    item        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX plan_items_plan ON plan_items (plan_id);
CREATE INDEX plan_items_responsible ON plan_items (responsible);

CREATE TABLE plan_item_villages (
    item_id INTEGER NOT NULL REFERENCES plan_items (id),
    village TEXT NOT NULL,
    PRIMARY KEY (item_id, village)
);
CREATE INDEX plan_item_villages_village ON plan_item_villages (village);

CREATE TABLE plan_progress (
    id         INTEGER PRIMARY KEY,
    item_id    INTEGER NOT NULL REFERENCES plan_items (id),
    date       TEXT NOT NULL,
    progress   TEXT NOT NULL,
    username   TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX plan_progress_item ON plan_progress (item_id, date);

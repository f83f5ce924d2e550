-- The classification rules (classification/*.json, by id) under which every stored class has been recomputed.
-- When the application's rule is not listed, the store recomputes the class of every classified Kampung KB once,
-- at open, and lists the rule with the number of classes that changed.
CREATE TABLE classification_rules (
    rules      TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL,
    changed    INTEGER NOT NULL
);

-- Why a class changed when the Kampung's data did not: a new classification rule. NULL for ordinary changes.
ALTER TABLE kampung_class_history ADD COLUMN reason TEXT;

-- A family's personal data (sealed) and its index hashes move into its own row: an import then writes one table
-- row a family instead of two. The columns come last, after everything recompute and the drill-downs read.
ALTER TABLE families ADD COLUMN pii BLOB;
ALTER TABLE families ADD COLUMN id_hashes BLOB;
UPDATE families SET
    pii = (SELECT p.pii FROM family_pii p WHERE p.family = families.id),
    id_hashes = (SELECT p.id_hashes FROM family_pii p WHERE p.family = families.id);
DROP TABLE family_pii;

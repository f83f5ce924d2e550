-- A family's personal data (sealed) and its index hashes move into its own row: an import then writes one table
-- row a family instead of two. The columns come last, after everything recompute and the drill-downs read.
ALTER TABLE families ADD COLUMN pii BYTEA, ADD COLUMN id_hashes BYTEA;
UPDATE families f SET pii = p.pii, id_hashes = p.id_hashes FROM family_pii p WHERE p.family = f.id;
DROP TABLE family_pii;

-- Census rounds are opened and published by the province (issue 12): who opened a round, and when and by whom it
-- was published. The default round of the dashboards, the API and `index` is the latest published one. Rounds
-- that exist already were the defaults until now: they become published.
ALTER TABLE rounds ADD COLUMN opened_by TEXT NOT NULL DEFAULT '';
ALTER TABLE rounds ADD COLUMN published_at TEXT;
ALTER TABLE rounds ADD COLUMN published_by TEXT;
UPDATE rounds SET published_at = updated_at, published_by = 'migration 0006';

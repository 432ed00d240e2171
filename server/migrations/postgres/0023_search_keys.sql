-- SQLite's trigram index takes listing keys (migrations/sqlite/0023); PostgreSQL searches
-- `search_text` through its own trigram index and has nothing to change. Kept so that both
-- backends number their migrations alike.
SELECT 1;

DROP INDEX conversations_queue_idx;
ALTER TABLE conversations DROP COLUMN queued_at;
ALTER TABLE users DROP COLUMN languages, DROP COLUMN capacity;

DROP INDEX IF EXISTS conversations_operator_created_idx;
DROP TABLE IF EXISTS customer_notes;
ALTER TABLE customers DROP COLUMN IF EXISTS verified_by, DROP COLUMN IF EXISTS verified_at,
    DROP COLUMN IF EXISTS nickname;
DROP INDEX IF EXISTS messages_search_idx;
ALTER TABLE messages DROP COLUMN IF EXISTS search;
DROP FUNCTION IF EXISTS search_query(regconfig, text, text);
DROP FUNCTION IF EXISTS search_text(text);

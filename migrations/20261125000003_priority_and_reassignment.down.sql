DELETE FROM role_permissions WHERE permission IN ('settings.routing', 'operators.end_work');
DELETE FROM permissions WHERE code IN ('settings.routing', 'operators.end_work');
DROP INDEX conversations_active_idx;
DROP TABLE routing_events;
DROP TRIGGER conversations_priority ON conversations;
DROP FUNCTION conversation_priority();
DROP INDEX conversations_queue_key_idx;
ALTER TABLE conversations DROP COLUMN base_priority, DROP COLUMN queue_key, DROP COLUMN segment_id, DROP COLUMN attributes, DROP COLUMN group_id,
    DROP COLUMN priority_boost, DROP COLUMN last_wait_notice_at;
ALTER TABLE channels DROP COLUMN weight, DROP COLUMN group_id, DROP COLUMN auto_reply,
    DROP COLUMN wait_notice_seconds;
ALTER TABLE customers DROP COLUMN segment_id;
DROP TABLE priority_rules;
DROP TABLE customer_segments;
DROP TABLE routing_settings;

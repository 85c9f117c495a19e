DELETE FROM routing_events WHERE kind = 'transferred';
ALTER TABLE routing_events DROP CONSTRAINT routing_events_kind_check;
ALTER TABLE routing_events ADD CONSTRAINT routing_events_kind_check
    CHECK (kind IN ('timeout', 'redistributed', 'returned'));
ALTER TABLE conversations
    DROP COLUMN close_reason,
    DROP COLUMN inactivity_warned_at,
    DROP COLUMN direction;
ALTER TABLE channels
    DROP CONSTRAINT channels_inactivity_warning_before_close,
    DROP COLUMN inactivity_warning_text,
    DROP COLUMN inactivity_warning_minutes,
    DROP COLUMN inactivity_close_minutes;
DROP TABLE conversation_events;
DROP TABLE conversation_reads;
DROP TABLE workspace_settings;

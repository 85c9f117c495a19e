DELETE FROM role_permissions WHERE permission = 'conversations.whisper';
DELETE FROM permissions WHERE code = 'conversations.whisper';
DROP TABLE conversation_experts;
DELETE FROM conversation_events WHERE kind IN ('note', 'expert_invited');
ALTER TABLE conversation_events DROP CONSTRAINT conversation_events_kind_check;
ALTER TABLE conversation_events ADD CONSTRAINT conversation_events_kind_check
    CHECK (kind IN ('transfer', 'closed', 'inactivity_warning', 'inactivity_closed', 'outbound'));

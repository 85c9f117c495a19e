DELETE FROM role_permissions WHERE permission = 'api.manage';
DELETE FROM permissions WHERE code = 'api.manage';
DROP TRIGGER state_changes_webhook ON state_changes;
DROP TRIGGER ratings_webhook ON ratings;
DROP TRIGGER conversations_webhook ON conversations;
DROP TRIGGER messages_webhook ON messages;
DROP FUNCTION webhook_operator_state();
DROP FUNCTION webhook_rating();
DROP FUNCTION webhook_conversation();
DROP FUNCTION webhook_message();
DROP FUNCTION webhook_event(text, jsonb);
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP TABLE api_tokens;
UPDATE conversations SET close_reason = 'supervisor' WHERE close_reason = 'api';
ALTER TABLE conversations DROP CONSTRAINT conversations_close_reason_check;
ALTER TABLE conversations ADD CONSTRAINT conversations_close_reason_check
    CHECK (close_reason IN ('operator', 'supervisor', 'inactivity'));

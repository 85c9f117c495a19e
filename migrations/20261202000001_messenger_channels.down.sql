DELETE FROM role_permissions WHERE permission = 'channels.manage';
DELETE FROM permissions WHERE code = 'channels.manage';
DROP TRIGGER conversations_rating_request ON conversations;
DROP FUNCTION outbox_rating_request();
DROP TABLE network_settings;
DROP TABLE outbox;
ALTER TABLE messages DROP COLUMN delivery, DROP COLUMN delivery_error, DROP COLUMN external_id;
DELETE FROM customers WHERE visitor_hash IS NULL;
ALTER TABLE customers ALTER COLUMN visitor_hash SET NOT NULL;
DROP TABLE customer_contacts;
ALTER TABLE channels DROP COLUMN settings, DROP COLUMN secret_box, DROP COLUMN last_error,
    DROP COLUMN last_error_at, DROP COLUMN last_inbound_at;
ALTER TABLE channels DROP CONSTRAINT channels_kind_check;
ALTER TABLE channels ADD CONSTRAINT channels_kind_check CHECK (kind IN ('webchat'));

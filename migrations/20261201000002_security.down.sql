DELETE FROM role_permissions WHERE permission = 'settings.security';
DELETE FROM permissions WHERE code = 'settings.security';
ALTER TABLE users DROP COLUMN totp_secret, DROP COLUMN totp_pending_secret, DROP COLUMN totp_last_step;
DROP TABLE security_settings;

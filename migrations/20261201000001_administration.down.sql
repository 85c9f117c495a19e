DROP TABLE audit_events;
DROP FUNCTION audit_events_refuse();
DELETE FROM role_permissions WHERE permission IN ('users.manage', 'roles.manage', 'audit.view');
DELETE FROM roles WHERE code = 'auditor';
DELETE FROM permissions WHERE code IN ('users.manage', 'roles.manage', 'audit.view');
ALTER TABLE roles DROP COLUMN description;
ALTER TABLE users DROP COLUMN must_change_password, DROP COLUMN password_changed_at, DROP COLUMN deleted_at;

DELETE FROM role_permissions WHERE permission = 'licenses.manage';
DELETE FROM permissions WHERE code = 'licenses.manage';
DROP TABLE license_events;
DROP TABLE license_seats;
DROP TABLE licenses;

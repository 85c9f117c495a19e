DELETE FROM role_permissions WHERE permission = 'presence.own';
DELETE FROM permissions WHERE code = 'presence.own';
DROP TABLE shifts, state_changes, operator_presence, operator_states;

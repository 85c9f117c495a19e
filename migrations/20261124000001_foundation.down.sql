DROP TABLE ratings, messages, conversations, customers, channels, group_members,
    operator_groups, sessions, user_roles, users, role_permissions, roles, permissions;

-- Permissions of the operator workspace issue: topics, workspace settings, news, shared replies.
INSERT INTO permissions (code, description) VALUES
    ('settings.topics', 'Edit the topic tree and whether a topic is required before closing'),
    ('settings.workspace', 'Edit file limits, waiting-indicator thresholds and inactivity auto-close'),
    ('news.publish', 'Publish news to all staff or to groups'),
    ('replies.shared', 'Write and edit shared canned replies');
INSERT INTO role_permissions (role_id, permission)
SELECT r.id, p FROM roles r, unnest(CASE r.code
    WHEN 'supervisor' THEN ARRAY['news.publish', 'replies.shared']
    WHEN 'administrator' THEN ARRAY['settings.topics', 'settings.workspace', 'news.publish', 'replies.shared']
END) AS p
WHERE r.code IN ('supervisor', 'administrator');

DELETE FROM role_permissions WHERE permission IN ('settings.topics', 'settings.workspace', 'news.publish', 'replies.shared');
DELETE FROM permissions WHERE code IN ('settings.topics', 'settings.workspace', 'news.publish', 'replies.shared');

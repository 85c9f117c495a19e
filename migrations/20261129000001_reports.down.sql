DROP TABLE semiannual_answers;
DELETE FROM role_permissions WHERE permission = 'settings.reports';
DELETE FROM permissions WHERE code = 'settings.reports';
DROP TABLE kpi_settings;
DELETE FROM role_permissions WHERE permission IN ('reports.view', 'reports.export', 'conversations.quality');
DELETE FROM permissions WHERE code IN ('reports.view', 'reports.export', 'conversations.quality');
DROP INDEX conversations_closed_idx;
DROP INDEX conversations_created_idx;
DROP TRIGGER conversations_first_assignment ON conversations;
DROP FUNCTION conversation_first_assignment();
ALTER TABLE conversations
    DROP CONSTRAINT conversations_quality_complete,
    DROP COLUMN quality_at,
    DROP COLUMN quality_by,
    DROP COLUMN quality_accurate,
    DROP COLUMN resolved,
    DROP COLUMN first_assigned_at;

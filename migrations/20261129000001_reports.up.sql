-- Reports (TS 6.1, 12.3): what the conversation report needs that the conversation did
-- not yet keep, and the permissions to read and export reports.

ALTER TABLE conversations
    -- The first time an operator got it: the end of its queue time and the start of its
    -- handling and reaction times (a later transfer or requeue moves `assigned_at`).
    ADD COLUMN first_assigned_at timestamptz,
    -- The operator's mark at close: was the customer's question resolved? NULL when the
    -- conversation closed another way (supervisor, inactivity) or is still open.
    ADD COLUMN resolved boolean,
    -- A supervisor's quality mark: was the conversation handled accurately and completely?
    ADD COLUMN quality_accurate boolean,
    ADD COLUMN quality_by bigint REFERENCES users(id) ON DELETE SET NULL,
    ADD COLUMN quality_at timestamptz,
    ADD CONSTRAINT conversations_quality_complete
        CHECK ((quality_accurate IS NULL) = (quality_at IS NULL));

UPDATE conversations SET first_assigned_at = assigned_at WHERE assigned_at IS NOT NULL;

-- Keeps `first_assigned_at` at the earliest assignment ever seen.
CREATE FUNCTION conversation_first_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.first_assigned_at := LEAST(NEW.first_assigned_at, NEW.assigned_at);
    RETURN NEW;
END
$$;
CREATE TRIGGER conversations_first_assignment
    BEFORE INSERT OR UPDATE OF assigned_at ON conversations
    FOR EACH ROW EXECUTE FUNCTION conversation_first_assignment();

-- Report pages filter and sort by these; the default order is newest first.
CREATE INDEX conversations_created_idx ON conversations (created_at DESC, id DESC);
CREATE INDEX conversations_closed_idx ON conversations (closed_at) WHERE closed_at IS NOT NULL;

INSERT INTO permissions (code, description) VALUES
    ('reports.view', 'Read reports on conversations, operators and quality'),
    ('reports.export', 'Download reports as Excel and PDF files'),
    ('conversations.quality', 'Give a closed conversation a quality mark (accurate and complete: yes or no)');
INSERT INTO role_permissions (role_id, permission)
SELECT r.id, p FROM roles r, unnest(ARRAY['reports.view', 'reports.export', 'conversations.quality']) AS p
WHERE r.code = 'supervisor';

-- The Kazakhstan contact-centre KPIs' thresholds (order 443, appendix 1), one row,
-- set by the organisation.
CREATE TABLE kpi_settings (
    id                    boolean PRIMARY KEY DEFAULT true CHECK (id),
    -- Average wait at most this (appendix 1: 40–60 s).
    wait_max_seconds      integer NOT NULL DEFAULT 60 CHECK (wait_max_seconds BETWEEN 1 AND 3600),
    -- Contacts handled accurately and completely, at least (80–85 %).
    accuracy_min_percent  double precision NOT NULL DEFAULT 80 CHECK (accuracy_min_percent BETWEEN 0 AND 100),
    -- Satisfaction on a 5-point scale, at least (4.25 of 5, 85 %).
    satisfaction_min      double precision NOT NULL DEFAULT 4.25 CHECK (satisfaction_min BETWEEN 1 AND 5),
    -- First-contact resolution, at least (80–85 %).
    fcr_min_percent       double precision NOT NULL DEFAULT 80 CHECK (fcr_min_percent BETWEEN 0 AND 100),
    -- Abandoned contacts, at most (5–10 %).
    abandoned_max_percent double precision NOT NULL DEFAULT 10 CHECK (abandoned_max_percent BETWEEN 0 AND 100),
    -- A resolved contact counts as resolved at first contact when the same customer
    -- does not write again within this many days of its close.
    fcr_window_days       integer NOT NULL DEFAULT 7 CHECK (fcr_window_days BETWEEN 1 AND 90)
);
INSERT INTO kpi_settings DEFAULT VALUES;

INSERT INTO permissions (code, description) VALUES
    ('settings.reports', 'Set the KPI thresholds and the organisation''s report details');
INSERT INTO role_permissions (role_id, permission)
SELECT id, 'settings.reports' FROM roles WHERE code = 'administrator';

-- The semi-annual activity report (order 443, appendix 2): the rows the data cannot
-- fill, as the organisation states them, in Russian and in Kazakh.
CREATE TABLE semiannual_answers (
    row_number smallint NOT NULL CHECK (row_number IN (1, 2, 3, 4, 5, 6, 7, 9, 11, 20, 21, 22, 23, 24, 25, 26, 27, 28)),
    language   text NOT NULL CHECK (language IN ('ru', 'kk')),
    value      text NOT NULL CHECK (char_length(value) <= 2000),
    PRIMARY KEY (row_number, language)
);

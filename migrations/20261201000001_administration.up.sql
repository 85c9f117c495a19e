-- Administration: account life cycle, more permissions, the auditor role, and the
-- append-only, hash-chained audit journal.

ALTER TABLE users
    ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
    ADD COLUMN password_changed_at  timestamptz NOT NULL DEFAULT now(),
    -- Accounts are never removed (conversations and the journal name them); a deleted
    -- one is blocked, hidden from lists, and its login stays reserved.
    ADD COLUMN deleted_at           timestamptz;

ALTER TABLE roles ADD COLUMN description text NOT NULL DEFAULT '';

INSERT INTO permissions (code, description) VALUES
    ('users.manage', 'Create, edit, block, delete staff accounts, reset passwords and assign roles'),
    ('roles.manage', 'Create, edit and delete custom roles'),
    ('audit.view', 'Read, verify and export the audit journal');

INSERT INTO roles (code, name, built_in, description) VALUES
    ('auditor', 'Auditor', true, 'Reads the audit journal');

INSERT INTO role_permissions (role_id, permission)
SELECT r.id, p FROM roles r, unnest(CASE r.code
    WHEN 'administrator' THEN ARRAY['users.manage', 'roles.manage']
    WHEN 'auditor' THEN ARRAY['audit.view', 'users.view']
END) AS p
WHERE r.code IN ('administrator', 'auditor');

-- One row per security-relevant event. `hash` = SHA-256(prev_hash || canonical form of
-- the row), written by the application under one advisory lock, so the rows form one
-- chain in id order; `server audit verify` recomputes it.
CREATE TABLE audit_events (
    id         bigint PRIMARY KEY,
    at         timestamptz NOT NULL,
    user_id    bigint,
    login      text NOT NULL,
    ip         text,
    user_agent text,
    event      text NOT NULL,
    target     text NOT NULL DEFAULT '',
    -- The JSON text exactly as it was hashed.
    details    text NOT NULL CHECK (details::jsonb IS NOT NULL),
    prev_hash  bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash       bytea NOT NULL CHECK (length(hash) = 32)
);
CREATE SEQUENCE audit_events_id_seq OWNED BY audit_events.id;
CREATE INDEX audit_events_at_idx ON audit_events (at);
CREATE INDEX audit_events_event_idx ON audit_events (event, at);
CREATE INDEX audit_events_user_idx ON audit_events (user_id, at);

-- Append-only in the database itself, whoever connects: the application's role also
-- lacks the UPDATE, DELETE and TRUNCATE grants (see server::database).
CREATE FUNCTION audit_events_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse();

-- Operator states (built-in and custom), each operator's current state, every change,
-- and shifts (first availability of the day until sign-out).

CREATE TABLE operator_states (
    id                  bigserial PRIMARY KEY,
    code                text NOT NULL UNIQUE,
    -- Custom states show this name; built-in ones are translated by code.
    name                text NOT NULL,
    built_in            boolean NOT NULL DEFAULT false,
    receives_chats      boolean NOT NULL,
    recommended_minutes integer CHECK (recommended_minutes >= 0),
    sort_order          integer NOT NULL DEFAULT 100,
    active              boolean NOT NULL DEFAULT true
);

INSERT INTO operator_states (code, name, built_in, receives_chats, recommended_minutes, sort_order) VALUES
    ('available', 'Available', true, true, NULL, 10),
    ('busy', 'Busy with chats', true, false, NULL, 20),
    ('pause', 'Pause', true, false, 15, 30),
    ('offline', 'Offline', true, false, NULL, 90);

CREATE TABLE operator_presence (
    user_id  bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    state_id bigint NOT NULL REFERENCES operator_states(id),
    since    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE state_changes (
    id            bigserial PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    from_state_id bigint REFERENCES operator_states(id),
    to_state_id   bigint NOT NULL REFERENCES operator_states(id),
    changed_at    timestamptz NOT NULL DEFAULT now(),
    changed_by    bigint REFERENCES users(id)
);
CREATE INDEX state_changes_user_idx ON state_changes (user_id, changed_at);

CREATE TABLE shifts (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL DEFAULT now(),
    ended_at   timestamptz,
    end_reason text CHECK (end_reason IN ('sign_out', 'end_shift', 'terminated'))
);
CREATE INDEX shifts_user_idx ON shifts (user_id, started_at DESC);
-- At most one open shift per operator.
CREATE UNIQUE INDEX shifts_open_idx ON shifts (user_id) WHERE ended_at IS NULL;

INSERT INTO permissions (code, description) VALUES
    ('presence.own', 'Switch one''s own operator state');
INSERT INTO role_permissions (role_id, permission)
SELECT id, 'presence.own' FROM roles WHERE code = 'operator';

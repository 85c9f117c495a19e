-- Concurrent licensing (TS 14): the license files loaded (the newest is in force; each is
-- re-verified against the product's public key whenever it is read), the seats taken by
-- operators at work, and the history of seats and loads.

CREATE TABLE licenses (
    id         bigserial PRIMARY KEY,
    -- The signed file exactly as loaded.
    text       text NOT NULL CHECK (char_length(text) <= 20000),
    loaded_at  timestamptz NOT NULL DEFAULT now(),
    loaded_by  bigint REFERENCES users(id) ON DELETE SET NULL
);

-- One row per operator holding a seat. A seat whose holder has no live session is
-- free again (freed for inactivity when next counted).
CREATE TABLE license_seats (
    user_id  bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    taken_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE license_events (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    user_id  bigint REFERENCES users(id) ON DELETE SET NULL,
    login    text NOT NULL DEFAULT '',
    kind     text NOT NULL CHECK (kind IN ('taken', 'freed', 'refused', 'loaded')),
    reason   text NOT NULL DEFAULT '',
    in_use   integer NOT NULL,
    max      integer NOT NULL
);
CREATE INDEX license_events_at_idx ON license_events (at DESC);

INSERT INTO permissions (code, description) VALUES
    ('licenses.manage', 'Load license files and see operator seats');
INSERT INTO role_permissions (role_id, permission)
SELECT id, 'licenses.manage' FROM roles WHERE code = 'administrator';

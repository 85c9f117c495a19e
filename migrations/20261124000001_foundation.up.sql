-- Foundation: staff accounts, roles made of permissions, sessions, channels,
-- customers, conversations, messages and ratings.

CREATE TABLE permissions (
    code        text PRIMARY KEY,
    description text NOT NULL
);

CREATE TABLE roles (
    id       bigserial PRIMARY KEY,
    code     text NOT NULL UNIQUE,
    name     text NOT NULL,
    built_in boolean NOT NULL DEFAULT false
);

CREATE TABLE role_permissions (
    role_id    bigint NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    permission text   NOT NULL REFERENCES permissions(code) ON DELETE CASCADE,
    PRIMARY KEY (role_id, permission)
);

CREATE TABLE users (
    id              bigserial PRIMARY KEY,
    login           text NOT NULL,
    display_name    text NOT NULL,
    password_hash   text NOT NULL,
    time_zone       text NOT NULL DEFAULT 'Asia/Tashkent',
    blocked         boolean NOT NULL DEFAULT false,
    failed_logins   integer NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_login_key ON users (lower(login));

CREATE TABLE user_roles (
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role_id bigint NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
);

-- Only a SHA-256 of the session token is kept: a leaked table opens no session.
CREATE TABLE sessions (
    token_hash   bytea PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    ip           text,
    user_agent   text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE operator_groups (
    id   bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE
);

CREATE TABLE group_members (
    group_id bigint NOT NULL REFERENCES operator_groups(id) ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);

CREATE TABLE channels (
    id           bigserial PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('webchat')),
    name         text NOT NULL,
    -- The key the bank's page puts in the widget's script tag. Public, not a secret.
    public_key   text NOT NULL UNIQUE,
    rating_scale smallint NOT NULL DEFAULT 5 CHECK (rating_scale IN (5, 10)),
    active       boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE customers (
    id           bigserial PRIMARY KEY,
    channel_id   bigint NOT NULL REFERENCES channels(id),
    -- SHA-256 of the widget's random visitor token: whoever holds the token is this customer.
    visitor_hash bytea NOT NULL,
    display_name text NOT NULL,
    language     text NOT NULL DEFAULT 'ru',
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel_id, visitor_hash)
);

CREATE TABLE conversations (
    id                bigserial PRIMARY KEY,
    customer_id       bigint NOT NULL REFERENCES customers(id),
    channel_id        bigint NOT NULL REFERENCES channels(id),
    status            text NOT NULL CHECK (status IN ('waiting', 'active', 'closed')),
    language          text NOT NULL,
    operator_id       bigint REFERENCES users(id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    assigned_at       timestamptz,
    first_response_at timestamptz,
    closed_at         timestamptz,
    closed_by         bigint REFERENCES users(id)
);
CREATE INDEX conversations_status_idx ON conversations (status, created_at);
CREATE INDEX conversations_customer_idx ON conversations (customer_id, created_at DESC);
CREATE INDEX conversations_operator_idx ON conversations (operator_id, status);

CREATE TABLE messages (
    id              bigserial PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES conversations(id),
    -- The sender's own id: a retry with the same id stores nothing new.
    client_id       uuid NOT NULL,
    sender          text NOT NULL CHECK (sender IN ('customer', 'operator', 'system')),
    author_id       bigint REFERENCES users(id),
    body            text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (conversation_id, client_id)
);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, id);

CREATE TABLE ratings (
    id              bigserial PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES conversations(id),
    operator_id     bigint REFERENCES users(id),
    score           smallint NOT NULL,
    scale           smallint NOT NULL CHECK (scale IN (5, 10)),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (score BETWEEN 1 AND scale)
);
CREATE INDEX ratings_conversation_idx ON ratings (conversation_id, created_at DESC);

INSERT INTO permissions (code, description) VALUES
    ('conversations.handle', 'Take conversations from the queue, answer and close them'),
    ('conversations.view_all', 'See every conversation and the queue'),
    ('users.view', 'See staff accounts and their roles');

INSERT INTO roles (code, name, built_in) VALUES
    ('operator', 'Operator', true),
    ('supervisor', 'Supervisor', true),
    ('administrator', 'Administrator', true);

INSERT INTO role_permissions (role_id, permission)
SELECT r.id, p FROM roles r, unnest(CASE r.code
    WHEN 'operator' THEN ARRAY['conversations.handle']
    WHEN 'supervisor' THEN ARRAY['conversations.view_all', 'users.view']
    WHEN 'administrator' THEN ARRAY['users.view']
END) AS p;

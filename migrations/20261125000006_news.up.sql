-- News for staff (TS 8.5): published to everyone or to operator groups; each reader's
-- acknowledgement is recorded. Unread news must be read before the workspace opens.
CREATE TABLE news (
    id           bigserial PRIMARY KEY,
    -- The news' topic, shown in lists and as the window's heading.
    title        text NOT NULL CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
    -- Plain text, shown as text (never as HTML).
    body         text NOT NULL CHECK (char_length(btrim(body)) BETWEEN 1 AND 10000),
    author_id    bigint REFERENCES users(id) ON DELETE SET NULL,
    published_at timestamptz NOT NULL DEFAULT now(),
    -- Addressed to every staff member; otherwise to the members of `news_groups`.
    for_all      boolean NOT NULL
);
CREATE INDEX news_published_idx ON news (published_at DESC, id DESC);

CREATE TABLE news_groups (
    news_id  bigint NOT NULL REFERENCES news(id) ON DELETE CASCADE,
    group_id bigint NOT NULL REFERENCES operator_groups(id) ON DELETE CASCADE,
    PRIMARY KEY (news_id, group_id)
);
CREATE INDEX news_groups_group_idx ON news_groups (group_id);

CREATE TABLE news_reads (
    news_id bigint NOT NULL REFERENCES news(id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    read_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (news_id, user_id)
);
CREATE INDEX news_reads_user_idx ON news_reads (user_id);

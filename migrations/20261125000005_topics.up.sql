-- Topics (TS 9.8): a tree of subjects, several per conversation.
CREATE TABLE topic_settings (
    id                     boolean PRIMARY KEY DEFAULT true CHECK (id),
    -- How deep the tree may grow: 4 by default, at most 10.
    max_depth              integer NOT NULL DEFAULT 4 CHECK (max_depth BETWEEN 1 AND 10),
    -- Whether an operator must set at least one topic before closing.
    required_before_close  boolean NOT NULL DEFAULT false
);
INSERT INTO topic_settings DEFAULT VALUES;

CREATE TABLE topics (
    id          bigserial PRIMARY KEY,
    parent_id   bigint REFERENCES topics(id) ON DELETE CASCADE,
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- 1 for a root topic.
    depth       integer NOT NULL CHECK (depth BETWEEN 1 AND 10),
    position    integer NOT NULL DEFAULT 0,
    -- Archived topics stay on past conversations but can't be chosen any more.
    archived    boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX topics_sibling_name_idx ON topics (COALESCE(parent_id, 0), lower(name));
CREATE INDEX topics_parent_idx ON topics (parent_id);

CREATE TABLE conversation_topics (
    conversation_id  bigint NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    topic_id         bigint NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    set_by           bigint REFERENCES users(id),
    set_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, topic_id)
);
CREATE INDEX conversation_topics_topic_idx ON conversation_topics (topic_id);

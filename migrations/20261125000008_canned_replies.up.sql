-- Canned replies: personal ones belong to an operator (owner_id), shared ones
-- (owner_id NULL) are written by holders of `replies.shared` and seen by everyone.
CREATE TABLE canned_replies (
    id          bigserial PRIMARY KEY,
    owner_id    bigint REFERENCES users(id) ON DELETE CASCADE,
    title       text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 100),
    body        text NOT NULL CHECK (length(btrim(body)) >= 1 AND length(body) <= 10000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  bigint REFERENCES users(id) ON DELETE SET NULL
);
-- One title (in any letter case) per operator, and one among the shared replies.
CREATE UNIQUE INDEX canned_replies_title_idx ON canned_replies (COALESCE(owner_id, 0), lower(title));

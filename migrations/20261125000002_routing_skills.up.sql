-- Routing, first part: each operator's languages and capacity, and when a
-- conversation entered the queue.

ALTER TABLE users
    ADD COLUMN capacity integer NOT NULL DEFAULT 3 CHECK (capacity BETWEEN 0 AND 50),
    -- Language skills: 'ru', 'uz' (both scripts), 'kk', 'en'.
    ADD COLUMN languages text[] NOT NULL DEFAULT '{ru}';

ALTER TABLE conversations ADD COLUMN queued_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX conversations_queue_idx ON conversations (queued_at, id) WHERE status = 'waiting';

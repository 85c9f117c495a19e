-- Files in conversations: the administrators' limits, the stored files' metadata,
-- and a message's optional attachment (a message with a file may have no text).

CREATE TABLE file_settings (
    -- One row only.
    id            boolean PRIMARY KEY DEFAULT true CHECK (id),
    max_kb        integer NOT NULL DEFAULT 10240 CHECK (max_kb BETWEEN 1 AND 102400),
    allowed_types text[]  NOT NULL
        DEFAULT ARRAY['jpg', 'png', 'gif', 'webp', 'pdf', 'txt', 'docx', 'xlsx']
        CHECK (allowed_types <@ ARRAY['jpg', 'png', 'gif', 'webp', 'pdf', 'txt', 'docx', 'xlsx']),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    bigint REFERENCES users(id)
);
INSERT INTO file_settings DEFAULT VALUES;

CREATE TABLE attachments (
    id              bigserial PRIMARY KEY,
    -- Random and unguessable; the only name a file has outside the server.
    token           text NOT NULL UNIQUE CHECK (char_length(token) >= 32),
    conversation_id bigint NOT NULL REFERENCES conversations(id),
    uploaded_by     text NOT NULL CHECK (uploaded_by IN ('customer', 'operator')),
    uploader_id     bigint REFERENCES users(id),
    -- Sanitized: no path parts, no control characters.
    original_name   text NOT NULL CHECK (char_length(original_name) BETWEEN 1 AND 255),
    -- Decided by the file's own bytes, never by the client's claim.
    content_type    text NOT NULL,
    size_bytes      bigint NOT NULL CHECK (size_bytes > 0),
    sha256          text NOT NULL CHECK (char_length(sha256) = 64),
    -- The random file name under the storage directory.
    storage_key     text NOT NULL UNIQUE,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_conversation_idx ON attachments (conversation_id);

ALTER TABLE messages ADD COLUMN attachment_id bigint UNIQUE REFERENCES attachments(id);
ALTER TABLE messages DROP CONSTRAINT messages_body_check;
ALTER TABLE messages ADD CONSTRAINT messages_body_check
    CHECK (char_length(body) <= 10000 AND (char_length(body) >= 1 OR attachment_id IS NOT NULL));

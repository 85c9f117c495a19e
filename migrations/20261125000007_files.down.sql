-- A file's message without text gets the file's name as its text, so the old rule holds.
UPDATE messages m SET body = a.original_name
    FROM attachments a WHERE a.id = m.attachment_id AND m.body = '';
ALTER TABLE messages DROP CONSTRAINT messages_body_check;
ALTER TABLE messages ADD CONSTRAINT messages_body_check CHECK (char_length(body) BETWEEN 1 AND 10000);
ALTER TABLE messages DROP COLUMN attachment_id;
DROP TABLE attachments;
DROP TABLE file_settings;

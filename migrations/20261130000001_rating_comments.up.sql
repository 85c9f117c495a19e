-- What the customer wrote with their score (TS 6.1: satisfaction per operator with the
-- customers' comments).
ALTER TABLE ratings ADD COLUMN comment text CHECK (char_length(comment) BETWEEN 1 AND 1000);
CREATE INDEX ratings_commented_idx ON ratings (created_at) WHERE comment IS NOT NULL;

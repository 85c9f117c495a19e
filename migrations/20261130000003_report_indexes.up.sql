-- Report filters that would otherwise read every conversation of the history: the
-- quality mark, which about one conversation in ten carries.
CREATE INDEX conversations_quality_idx ON conversations (quality_accurate, created_at)
    WHERE quality_accurate IS NOT NULL;

DROP INDEX conversations_quality_idx;

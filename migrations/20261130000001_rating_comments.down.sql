ALTER TABLE ratings DROP COLUMN comment;

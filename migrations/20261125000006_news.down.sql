DROP TABLE news_reads;
DROP TABLE news_groups;
DROP TABLE news;

DROP TABLE conversation_topics;
DROP TABLE topics;
DROP TABLE topic_settings;

DROP TABLE crm_settings;

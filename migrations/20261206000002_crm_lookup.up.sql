-- Customer lookup and enrichment through the bank's CRM or core banking (TS 15.3.1):
-- one HTTP endpoint inside the bank, called when a customer card opens. Its bearer
-- token is sealed with the server's key like the channels' credentials.
CREATE TABLE crm_settings (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    -- Blank: no lookup.
    url        text NOT NULL DEFAULT '' CHECK (char_length(url) <= 500),
    secret_box bytea,
    timeout_ms integer NOT NULL DEFAULT 3000 CHECK (timeout_ms BETWEEN 200 AND 15000),
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO crm_settings DEFAULT VALUES;

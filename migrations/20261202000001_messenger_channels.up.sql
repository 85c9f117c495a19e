-- Messenger channels (TS 1.1): Telegram, Facebook Messenger, Instagram, WhatsApp and the
-- mobile SDK beside the web-chat widget. Credentials are stored encrypted (XChaCha20-
-- Poly1305 under the server's secret key, never in the clear); sends to a provider go
-- through an outbox with retries, and each message shows whether it was delivered.

ALTER TABLE channels DROP CONSTRAINT channels_kind_check;
ALTER TABLE channels ADD CONSTRAINT channels_kind_check
    CHECK (kind IN ('webchat', 'telegram', 'messenger', 'instagram', 'whatsapp', 'mobile'));
ALTER TABLE channels
    -- What is not secret: how updates arrive, the provider's address, page or number ids.
    ADD COLUMN settings    jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- The secrets (bot token, app secret, access token…), sealed: nonce ‖ ciphertext.
    ADD COLUMN secret_box  bytea,
    -- The provider's state as last seen: the last error, or null when all is well.
    ADD COLUMN last_error  text,
    ADD COLUMN last_error_at timestamptz,
    ADD COLUMN last_inbound_at timestamptz;

-- A customer as a messenger knows them: the channel's own id for the chat (Telegram chat
-- id, Meta page-scoped id, WhatsApp number). One customer may have several contacts
-- (merged customers); a contact belongs to one customer.
CREATE TABLE customer_contacts (
    id           bigserial PRIMARY KEY,
    customer_id  bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    channel_id   bigint NOT NULL REFERENCES channels(id),
    external_id  text NOT NULL CHECK (char_length(external_id) BETWEEN 1 AND 200),
    -- The name the messenger gives (first and last name, user name).
    profile_name text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel_id, external_id)
);
CREATE INDEX customer_contacts_customer_idx ON customer_contacts (customer_id);

-- A messenger customer has no widget visitor token.
ALTER TABLE customers ALTER COLUMN visitor_hash DROP NOT NULL;

-- Whether a message reached the customer's messenger: null for the widget (delivered on
-- its socket), else pending until the provider accepted it, or failed with the reason.
ALTER TABLE messages
    ADD COLUMN delivery       text CHECK (delivery IN ('pending', 'sent', 'failed')),
    ADD COLUMN delivery_error text CHECK (char_length(delivery_error) <= 500),
    -- The provider's id for the message (Telegram message_id, Meta mid…).
    ADD COLUMN external_id    text;

-- Everything sent to a provider: one row per message (or rating request), retried with
-- backoff until the provider accepts it or refuses it for good.
CREATE TABLE outbox (
    id              bigserial PRIMARY KEY,
    channel_id      bigint NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    conversation_id bigint NOT NULL REFERENCES conversations(id),
    message_id      bigint REFERENCES messages(id),
    -- 'message': a stored message; 'rating_request': the rating form after closing.
    kind            text NOT NULL CHECK (kind IN ('message', 'rating_request')),
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- A worker holds the row until then; a crashed worker's rows come back.
    locked_until    timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    UNIQUE (message_id)
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status = 'pending';

-- Closing a conversation with a messenger customer who wrote in it sends the rating form
-- (C5) through the outbox: buttons where the messenger has them, a numbered question
-- otherwise. Every way of closing (operator, supervisor, inactivity) passes here.
CREATE FUNCTION outbox_rating_request() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outbox (channel_id, conversation_id, kind)
    SELECT NEW.channel_id, NEW.id, 'rating_request' FROM channels ch
    WHERE ch.id = NEW.channel_id AND ch.kind NOT IN ('webchat', 'mobile')
      AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = NEW.id AND m.sender = 'customer');
    RETURN NEW;
END $$;
CREATE TRIGGER conversations_rating_request AFTER UPDATE OF status ON conversations
    FOR EACH ROW WHEN (NEW.status = 'closed' AND OLD.status <> 'closed')
    EXECUTE FUNCTION outbox_rating_request();

-- The outbound network as the bank's data centre sees it: an HTTP(S) proxy for every call
-- to a provider, and the bank's own certificate authorities (PEM), trusted beside the
-- system's. Certificate checks are never switched off.
CREATE TABLE network_settings (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    proxy_url  text CHECK (char_length(proxy_url) <= 500),
    ca_bundle  text CHECK (char_length(ca_bundle) <= 200000),
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO network_settings DEFAULT VALUES;

INSERT INTO permissions (code, description) VALUES
    ('channels.manage', 'Connect and configure channels (Telegram, Meta, WhatsApp, mobile), their credentials and the outbound network');
INSERT INTO role_permissions (role_id, permission)
SELECT id, 'channels.manage' FROM roles WHERE code = 'administrator';

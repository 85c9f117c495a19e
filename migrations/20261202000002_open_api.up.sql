-- The open REST API (TS 15.2) and outgoing webhooks: tokens with scopes, an address
-- allowlist and a rate each; webhook subscriptions per event, signed, delivered through
-- an outbox with retries and a delivery log.

-- A conversation the bank's system closes through the API.
ALTER TABLE conversations DROP CONSTRAINT conversations_close_reason_check;
ALTER TABLE conversations ADD CONSTRAINT conversations_close_reason_check
    CHECK (close_reason IN ('operator', 'supervisor', 'inactivity', 'api'));

CREATE TABLE api_tokens (
    id              bigserial PRIMARY KEY,
    name            text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    -- SHA-256 of the token: a leaked table opens nothing. The token is shown once.
    token_hash      bytea NOT NULL UNIQUE,
    -- The token's first characters, to tell tokens apart on the page.
    prefix          text NOT NULL,
    scopes          text[] NOT NULL,
    -- Addresses and ranges (one per line) the token may be used from; blank: anywhere
    -- the API allowlist of the security settings allows.
    allowlist       text NOT NULL DEFAULT '' CHECK (char_length(allowlist) <= 10000),
    rate_per_minute integer NOT NULL DEFAULT 600 CHECK (rate_per_minute BETWEEN 1 AND 100000),
    created_by      bigint REFERENCES users(id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_used_at    timestamptz,
    last_used_ip    text,
    revoked_at      timestamptz
);

CREATE TABLE webhooks (
    id          bigserial PRIMARY KEY,
    url         text NOT NULL CHECK (char_length(url) BETWEEN 8 AND 500),
    description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 200),
    events      text[] NOT NULL CHECK (cardinality(events) >= 1),
    -- The signing secret, sealed like channel credentials.
    secret_box  bytea NOT NULL,
    active      boolean NOT NULL DEFAULT true,
    created_by  bigint REFERENCES users(id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_deliveries (
    id              bigserial PRIMARY KEY,
    webhook_id      bigint NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    -- The event's own id (the same in every subscriber's delivery and in every retry).
    event_id        uuid NOT NULL,
    event           text NOT NULL,
    payload         jsonb NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_until    timestamptz,
    response_status integer,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (webhook_id, id DESC);

-- An event for every active webhook subscribed to it, in the transaction that made it.
CREATE FUNCTION webhook_event(kind text, data jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    event_id uuid := gen_random_uuid();
BEGIN
    INSERT INTO webhook_deliveries (webhook_id, event_id, event, payload)
    SELECT w.id, event_id, kind,
           jsonb_build_object('id', event_id, 'type', kind,
                              'created_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                              'data', data)
    FROM webhooks w WHERE w.active AND kind = ANY (w.events);
END $$;

-- message.received (the customer's) and message.sent (an operator's or the system's).
CREATE FUNCTION webhook_message() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM webhook_event(
        CASE WHEN NEW.sender = 'customer' THEN 'message.received' ELSE 'message.sent' END,
        jsonb_build_object('message_id', NEW.id, 'conversation_id', NEW.conversation_id,
                           'sender', NEW.sender, 'author_id', NEW.author_id, 'body', NEW.body,
                           'has_file', NEW.attachment_id IS NOT NULL,
                           'customer_id', (SELECT customer_id FROM conversations WHERE id = NEW.conversation_id)));
    RETURN NEW;
END $$;
CREATE TRIGGER messages_webhook AFTER INSERT ON messages FOR EACH ROW EXECUTE FUNCTION webhook_message();

-- conversation.created, conversation.assigned and conversation.closed.
CREATE FUNCTION webhook_conversation() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    data jsonb := jsonb_build_object('conversation_id', NEW.id, 'customer_id', NEW.customer_id,
                                     'channel_id', NEW.channel_id, 'status', NEW.status,
                                     'operator_id', NEW.operator_id, 'language', NEW.language);
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM webhook_event('conversation.created', data);
        IF NEW.operator_id IS NOT NULL THEN
            PERFORM webhook_event('conversation.assigned', data);
        END IF;
    ELSE
        IF NEW.operator_id IS NOT NULL AND NEW.operator_id IS DISTINCT FROM OLD.operator_id THEN
            PERFORM webhook_event('conversation.assigned', data);
        END IF;
        IF NEW.status = 'closed' AND OLD.status <> 'closed' THEN
            PERFORM webhook_event('conversation.closed', data || jsonb_build_object('close_reason', NEW.close_reason));
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER conversations_webhook AFTER INSERT OR UPDATE OF operator_id, status ON conversations
    FOR EACH ROW EXECUTE FUNCTION webhook_conversation();

-- rating.received.
CREATE FUNCTION webhook_rating() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM webhook_event('rating.received',
        jsonb_build_object('conversation_id', NEW.conversation_id, 'operator_id', NEW.operator_id,
                           'score', NEW.score, 'scale', NEW.scale, 'comment', NEW.comment));
    RETURN NEW;
END $$;
CREATE TRIGGER ratings_webhook AFTER INSERT ON ratings FOR EACH ROW EXECUTE FUNCTION webhook_rating();

-- operator.state_changed.
CREATE FUNCTION webhook_operator_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM webhook_event('operator.state_changed',
        jsonb_build_object('operator_id', NEW.user_id,
                           'state', (SELECT code FROM operator_states WHERE id = NEW.to_state_id),
                           'previous_state', (SELECT code FROM operator_states WHERE id = NEW.from_state_id)));
    RETURN NEW;
END $$;
CREATE TRIGGER state_changes_webhook AFTER INSERT ON state_changes FOR EACH ROW EXECUTE FUNCTION webhook_operator_state();

INSERT INTO permissions (code, description) VALUES
    ('api.manage', 'Create and revoke API tokens, subscribe webhooks and read their delivery log');
INSERT INTO role_permissions (role_id, permission)
SELECT id, 'api.manage' FROM roles WHERE code = 'administrator';

-- The operator workspace's core: waiting-indicator thresholds, unread marks, transfers
-- and other internal events, inactivity auto-close per channel, outbound conversations.

-- One row: the colours of the waiting indicators in the conversation list.
CREATE TABLE workspace_settings (
    id                     boolean PRIMARY KEY DEFAULT true CHECK (id),
    -- "Customer waiting" turns amber after warn, red after alert (seconds).
    customer_warn_seconds  integer NOT NULL DEFAULT 60 CHECK (customer_warn_seconds BETWEEN 1 AND 86400),
    customer_alert_seconds integer NOT NULL DEFAULT 180 CHECK (customer_alert_seconds BETWEEN 1 AND 86400),
    -- "Operator waiting" (the customer has not answered) likewise.
    operator_warn_seconds  integer NOT NULL DEFAULT 300 CHECK (operator_warn_seconds BETWEEN 1 AND 86400),
    operator_alert_seconds integer NOT NULL DEFAULT 900 CHECK (operator_alert_seconds BETWEEN 1 AND 86400),
    CHECK (customer_warn_seconds < customer_alert_seconds),
    CHECK (operator_warn_seconds < operator_alert_seconds)
);
INSERT INTO workspace_settings DEFAULT VALUES;

-- The last message each staff member has seen in each conversation.
CREATE TABLE conversation_reads (
    user_id              bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    conversation_id      bigint NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    last_read_message_id bigint NOT NULL,
    read_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, conversation_id)
);

-- What happened to a conversation that staff see inline and the customer never does.
CREATE TABLE conversation_events (
    id              bigserial PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('transfer', 'closed', 'inactivity_warning', 'inactivity_closed', 'outbound')),
    actor_id        bigint REFERENCES users(id) ON DELETE SET NULL,
    from_operator   bigint REFERENCES users(id) ON DELETE SET NULL,
    to_operator     bigint REFERENCES users(id) ON DELETE SET NULL,
    to_group        bigint REFERENCES operator_groups(id) ON DELETE SET NULL,
    -- Internal note for colleagues (transfers).
    note            text CHECK (char_length(note) BETWEEN 1 AND 2000),
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_events_conversation_idx ON conversation_events (conversation_id, id);

-- Inactivity auto-close: after the operator's last word, the customer silent this long.
ALTER TABLE channels
    ADD COLUMN inactivity_close_minutes integer CHECK (inactivity_close_minutes BETWEEN 1 AND 10080),
    -- The customer is warned this long before the close (none when NULL).
    ADD COLUMN inactivity_warning_minutes integer CHECK (inactivity_warning_minutes BETWEEN 1 AND 10080),
    -- The warning's text; the translated default when NULL.
    ADD COLUMN inactivity_warning_text text CHECK (char_length(inactivity_warning_text) BETWEEN 1 AND 2000),
    ADD CONSTRAINT channels_inactivity_warning_before_close
        CHECK (inactivity_warning_minutes IS NULL OR inactivity_close_minutes IS NULL
               OR inactivity_warning_minutes < inactivity_close_minutes);

ALTER TABLE conversations
    ADD COLUMN direction text NOT NULL DEFAULT 'inbound' CHECK (direction IN ('inbound', 'outbound')),
    -- When the customer was warned of the coming inactivity close (cleared by their message).
    ADD COLUMN inactivity_warned_at timestamptz,
    -- Why it closed: by the operator, a supervisor, or inactivity.
    ADD COLUMN close_reason text CHECK (close_reason IN ('operator', 'supervisor', 'inactivity'));

-- A transfer to a group: the next assignment prefers someone other than the sender.
ALTER TABLE routing_events DROP CONSTRAINT routing_events_kind_check;
ALTER TABLE routing_events ADD CONSTRAINT routing_events_kind_check
    CHECK (kind IN ('timeout', 'redistributed', 'returned', 'transferred'));

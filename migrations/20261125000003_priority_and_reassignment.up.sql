-- Routing, second part: priority (waiting time, channel, customer segment, attribute
-- rules), groups with overflow, reassignment of unanswered conversations, the end of
-- an operator's work, wait notices and the auto-reply on entering the queue.

-- One row: the weights and timers administrators edit on the routing settings page.
CREATE TABLE routing_settings (
    id                     boolean PRIMARY KEY DEFAULT true CHECK (id),
    -- Priority points for each minute in the queue (at least 1: waiting always counts).
    wait_weight            integer NOT NULL DEFAULT 10 CHECK (wait_weight BETWEEN 1 AND 10000),
    -- After this long in the queue a conversation may go to an operator of any group.
    overflow_seconds       integer NOT NULL DEFAULT 120 CHECK (overflow_seconds BETWEEN 0 AND 86400),
    -- An assigned operator who has not answered within this loses the conversation.
    answer_timeout_seconds integer NOT NULL DEFAULT 180 CHECK (answer_timeout_seconds BETWEEN 10 AND 86400),
    -- Points a conversation gains each time it goes back to the queue unanswered.
    reassign_boost         integer NOT NULL DEFAULT 100 CHECK (reassign_boost BETWEEN 0 AND 100000)
);
INSERT INTO routing_settings DEFAULT VALUES;

CREATE TABLE customer_segments (
    id       bigserial PRIMARY KEY,
    code     text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_]{1,40}$'),
    -- Custom segments show this name; built-in ones are translated by code.
    name     text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    built_in boolean NOT NULL DEFAULT false,
    weight   integer NOT NULL DEFAULT 0 CHECK (weight BETWEEN -100000 AND 100000)
);
INSERT INTO customer_segments (code, name, built_in, weight) VALUES
    ('premium', 'Premium', true, 300),
    ('standard', 'Standard', true, 0),
    ('helper', 'Helper', true, 0);

-- Extra points for conversations whose attribute has a value, e.g. product = card.
CREATE TABLE priority_rules (
    id        bigserial PRIMARY KEY,
    attribute text NOT NULL CHECK (attribute ~ '^[a-z0-9_]{1,40}$'),
    value     text NOT NULL CHECK (char_length(value) BETWEEN 1 AND 200),
    weight    integer NOT NULL CHECK (weight BETWEEN -100000 AND 100000),
    UNIQUE (attribute, value)
);

ALTER TABLE customers ADD COLUMN segment_id bigint REFERENCES customer_segments(id) ON DELETE SET NULL;

ALTER TABLE channels
    ADD COLUMN weight integer NOT NULL DEFAULT 0 CHECK (weight BETWEEN -100000 AND 100000),
    -- Conversations of the channel go to this group first (any operator when NULL).
    ADD COLUMN group_id bigint REFERENCES operator_groups(id) ON DELETE SET NULL,
    -- Sent to the customer when a conversation enters the queue.
    ADD COLUMN auto_reply text CHECK (char_length(auto_reply) BETWEEN 1 AND 2000),
    -- Wait notices while in the queue, never more often than once a minute (KZ 12.2).
    ADD COLUMN wait_notice_seconds integer CHECK (wait_notice_seconds BETWEEN 60 AND 86400);

ALTER TABLE conversations
    ADD COLUMN segment_id bigint REFERENCES customer_segments(id) ON DELETE SET NULL,
    ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    ADD COLUMN group_id bigint REFERENCES operator_groups(id) ON DELETE SET NULL,
    ADD COLUMN priority_boost integer NOT NULL DEFAULT 0,
    ADD COLUMN last_wait_notice_at timestamptz,
    -- Channel + segment + attribute rules, kept by the trigger below.
    ADD COLUMN base_priority integer NOT NULL DEFAULT 0,
    -- The queue's order as one indexed value: priority grows by wait_weight a minute, so
    -- ordering by priority (highest first) is ordering by
    -- queued_at − (base_priority + priority_boost) minutes ÷ wait_weight (earliest first).
    ADD COLUMN queue_key timestamptz;
CREATE INDEX conversations_queue_key_idx ON conversations (queue_key, id) WHERE status = 'waiting';

CREATE FUNCTION conversation_priority() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'waiting' THEN
        NEW.base_priority :=
            COALESCE((SELECT weight FROM channels WHERE id = NEW.channel_id), 0)
            + COALESCE((SELECT weight FROM customer_segments WHERE id = NEW.segment_id), 0)
            + COALESCE((SELECT sum(weight) FROM priority_rules WHERE NEW.attributes ->> attribute = value), 0);
        NEW.queue_key := NEW.queued_at - make_interval(secs =>
            (NEW.base_priority + NEW.priority_boost) * 60.0 / (SELECT wait_weight FROM routing_settings));
    END IF;
    RETURN NEW;
END
$$;
-- Weights changed: `UPDATE conversations SET status = status WHERE status = 'waiting'`.
CREATE TRIGGER conversations_priority
    BEFORE INSERT OR UPDATE OF status, channel_id, segment_id, attributes, priority_boost, queued_at
    ON conversations FOR EACH ROW EXECUTE FUNCTION conversation_priority();
UPDATE conversations SET status = status WHERE status = 'waiting';

-- Every move of a conversation between the queue and operators, for the reports.
CREATE TABLE routing_events (
    id              bigserial PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('timeout', 'redistributed', 'returned')),
    -- The operator the conversation left.
    operator_id     bigint REFERENCES users(id) ON DELETE SET NULL,
    by_user         bigint REFERENCES users(id) ON DELETE SET NULL,
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX routing_events_conversation_idx ON routing_events (conversation_id, operator_id);

CREATE INDEX conversations_active_idx ON conversations (operator_id) WHERE status = 'active';

INSERT INTO permissions (code, description) VALUES
    ('settings.routing', 'Edit routing weights, segments, rules, channels'' routing, operator skills and states'),
    ('operators.end_work', 'End an operator''s work and redistribute or return their conversations');
INSERT INTO role_permissions (role_id, permission)
SELECT r.id, p FROM roles r, unnest(CASE r.code
    WHEN 'supervisor' THEN ARRAY['operators.end_work']
    WHEN 'administrator' THEN ARRAY['settings.routing', 'operators.end_work']
END) AS p
WHERE r.code IN ('supervisor', 'administrator');

-- The invisible assistant (TS 9.7): supervisors read any live conversation, write
-- internal notes only staff see, and invite an expert who joins the same way. The
-- customer never learns of them.

ALTER TABLE conversation_events DROP CONSTRAINT conversation_events_kind_check;
ALTER TABLE conversation_events ADD CONSTRAINT conversation_events_kind_check
    CHECK (kind IN ('transfer', 'closed', 'inactivity_warning', 'inactivity_closed', 'outbound',
                    'note', 'expert_invited'));

-- Employees invited into a conversation by a supervisor: they read it live and write
-- internal notes, whatever their own permissions.
CREATE TABLE conversation_experts (
    conversation_id bigint NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    user_id         bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    invited_by      bigint REFERENCES users(id) ON DELETE SET NULL,
    invited_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_experts_user_idx ON conversation_experts (user_id, conversation_id);

INSERT INTO permissions (code, description) VALUES
    ('conversations.whisper', 'Join any live conversation invisibly, write internal notes and invite experts');
INSERT INTO role_permissions (role_id, permission)
SELECT id, 'conversations.whisper' FROM roles WHERE code = 'supervisor';

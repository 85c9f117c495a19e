-- One customer across channels (TS 1.3, 15.3.3): identifiers (phone, e-mail, the
-- bank's customer id), verified when the bank signed them, a messenger vouches for
-- them (a WhatsApp number, a Telegram user's own shared contact) or an integration
-- set them; a verified identifier belongs to one customer only, so a second customer
-- presenting it is merged into the first. Operators merge by hand too. Every merge is
-- recorded with what moved, so it can be undone exactly.

CREATE TABLE customer_identifiers (
    id          bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('phone', 'email', 'bank_id')),
    -- Normalised: digits for a phone, lower case for an e-mail.
    value       text NOT NULL CHECK (char_length(value) BETWEEN 1 AND 200),
    verified    boolean NOT NULL DEFAULT false,
    -- Who vouched: 'signed' (the bank's HMAC), 'whatsapp', 'telegram', 'api', 'operator'.
    source      text NOT NULL CHECK (source IN ('signed', 'whatsapp', 'telegram', 'api', 'operator')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (customer_id, kind, value)
);
CREATE UNIQUE INDEX customer_identifiers_verified_idx ON customer_identifiers (kind, value) WHERE verified;
CREATE INDEX customer_identifiers_value_idx ON customer_identifiers (kind, value);

-- A merged customer points to the one that absorbed it; whoever finds it (a widget's
-- visitor token) is led there.
ALTER TABLE customers ADD COLUMN merged_into bigint REFERENCES customers(id);
CREATE INDEX customers_merged_into_idx ON customers (merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE customer_merges (
    id            bigserial PRIMARY KEY,
    survivor_id   bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    absorbed_id   bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    -- NULL: merged by a verified identifier (the system).
    merged_by     bigint REFERENCES users(id) ON DELETE SET NULL,
    reason        text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 300),
    -- The ids moved: {"conversations": [...], "contacts": [...], "identifiers": [...], "notes": [...]}.
    moved         jsonb NOT NULL,
    merged_at     timestamptz NOT NULL DEFAULT now(),
    unmerged_by   bigint REFERENCES users(id) ON DELETE SET NULL,
    unmerged_at   timestamptz,
    CHECK (survivor_id <> absorbed_id)
);
CREATE INDEX customer_merges_survivor_idx ON customer_merges (survivor_id, merged_at DESC);

INSERT INTO permissions (code, description) VALUES
    ('customers.merge', 'Merge two customers into one history, and undo a merge');
INSERT INTO role_permissions (role_id, permission)
SELECT id, 'customers.merge' FROM roles WHERE code IN ('operator', 'supervisor');

-- History search over messages, and the customer card (nickname, verification, notes).

-- Uzbek Latin writes o‘ and g‘ (and the tutuq belgisi ʼ) with whichever apostrophe the
-- keyboard has: ‘ ’ ' ` ´ ʻ ʼ. Between two Latin letters they all become ʼ (U+02BC), which
-- PostgreSQL's text-search parser keeps inside the word, so "so‘m", "so'm" and "soʻm" are
-- the one word "soʼm". Used on both sides: the stored vector and the query. Quotes around
-- words ('hello') are left alone.
CREATE FUNCTION search_text(body text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT pg_catalog.regexp_replace($1, '([A-Za-z])[''`´‘’ʻʼ](?=[A-Za-z])', '\1ʼ', 'g') $$;

-- The tsquery of a search box in one configuration: `head` in web-search syntax
-- ("phrase", -not, or) and `last_word` as a prefix, so "bloklan" finds "bloklandi".
-- NULL when both are blank.
CREATE FUNCTION search_query(cfg regconfig, head text, last_word text) RETURNS tsquery
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN h IS NULL THEN p WHEN p IS NULL THEN h ELSE h && p END
    FROM (SELECT
        CASE WHEN head ~ '\S' THEN websearch_to_tsquery(cfg, search_text(head)) END AS h,
        CASE WHEN last_word ~ '\S' THEN (
            SELECT CASE WHEN numnode(w) = 0 THEN w ELSE (w::text || ':*')::tsquery END
            FROM websearch_to_tsquery(cfg, search_text(last_word)) AS w
        ) END AS p
    ) AS parts
$$;

-- Russian morphology (карта, картой, карты → карт) and, for Uzbek, Kazakh and English,
-- for which PostgreSQL has no stemmer (or Russian's would mangle), the words as written.
ALTER TABLE messages ADD COLUMN search tsvector GENERATED ALWAYS AS (
    to_tsvector('russian'::regconfig, search_text(body))
    || to_tsvector('simple'::regconfig, search_text(body))
) STORED;
CREATE INDEX messages_search_idx ON messages USING gin (search);

-- The card: a nickname the operators give, and the verification that the bank's signed
-- identity sets (the card only shows it).
ALTER TABLE customers
    ADD COLUMN nickname    text CHECK (char_length(nickname) BETWEEN 1 AND 100),
    ADD COLUMN verified_at timestamptz,
    ADD COLUMN verified_by text CHECK (char_length(verified_by) BETWEEN 1 AND 200);

CREATE TABLE customer_notes (
    id          bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    author_id   bigint REFERENCES users(id) ON DELETE SET NULL,
    body        text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_notes_customer_idx ON customer_notes (customer_id, created_at DESC);

-- History lists a customer's or an operator's conversations newest first.
CREATE INDEX conversations_operator_created_idx ON conversations (operator_id, id DESC);

-- The dashboard's figures per hour of creation (UTC), channel and group scope, so a
-- month or a year reads a few thousand rows instead of every conversation
-- (`domain::reports::rollup`). Group 0 is "all groups"; a conversation counts for a
-- group when it was routed to it or handled by one of its members, as the dashboard's
-- group filter says. Sums and counts, so periods add up exactly.
CREATE TABLE dashboard_hours (
    hour           timestamptz NOT NULL,
    channel_id     bigint NOT NULL,
    group_id       bigint NOT NULL,
    total          bigint NOT NULL,
    waiting        bigint NOT NULL,
    active         bigint NOT NULL,
    closed         bigint NOT NULL,
    handling_sum   double precision NOT NULL,
    handling_n     bigint NOT NULL,
    reaction_sum   double precision NOT NULL,
    reaction_n     bigint NOT NULL,
    rating_sum     double precision NOT NULL,
    rating_n       bigint NOT NULL,
    wait_sum       double precision NOT NULL,
    wait_n         bigint NOT NULL,
    accurate       bigint NOT NULL,
    marked         bigint NOT NULL,
    first_contact  bigint NOT NULL,
    handled        bigint NOT NULL,
    abandoned      bigint NOT NULL,
    inbound_closed bigint NOT NULL,
    PRIMARY KEY (group_id, hour, channel_id)
);

-- Hours whose figures changed; the worker recomputes them every few seconds.
CREATE TABLE dashboard_dirty (
    hour timestamptz PRIMARY KEY
);

CREATE FUNCTION dashboard_mark(at timestamptz) RETURNS void LANGUAGE sql AS $$
    INSERT INTO dashboard_dirty (hour) VALUES (date_trunc('hour', at, 'UTC')) ON CONFLICT DO NOTHING
$$;

-- A conversation changed: its hour; a new inbound one may also end the first-contact
-- resolution of the customer's earlier conversations inside the KPI window.
CREATE FUNCTION dashboard_conversation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM dashboard_mark(OLD.created_at);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM dashboard_mark(NEW.created_at);
        IF TG_OP = 'INSERT' AND NEW.direction = 'inbound' THEN
            INSERT INTO dashboard_dirty (hour)
            SELECT DISTINCT date_trunc('hour', c.created_at, 'UTC') FROM conversations c
            WHERE c.customer_id = NEW.customer_id AND c.id <> NEW.id AND c.created_at < NEW.created_at
              AND c.closed_at >= NEW.created_at - make_interval(days => (SELECT fcr_window_days FROM kpi_settings))
            ON CONFLICT DO NOTHING;
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER conversations_dashboard
    AFTER INSERT OR DELETE OR UPDATE OF status, channel_id, group_id, operator_id, assigned_at, first_response_at,
        closed_at, resolved, quality_accurate, direction, created_at, customer_id
    ON conversations FOR EACH ROW EXECUTE FUNCTION dashboard_conversation_changed();

CREATE FUNCTION dashboard_rating_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM dashboard_mark(c.created_at) FROM conversations c
    WHERE c.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.conversation_id ELSE NEW.conversation_id END;
    RETURN NULL;
END
$$;
CREATE TRIGGER ratings_dashboard AFTER INSERT OR UPDATE OR DELETE ON ratings
    FOR EACH ROW EXECUTE FUNCTION dashboard_rating_changed();

-- Joining or leaving a group moves the member's conversations in or out of its scope.
CREATE FUNCTION dashboard_member_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dashboard_dirty (hour)
    SELECT DISTINCT date_trunc('hour', c.created_at, 'UTC') FROM conversations c
    WHERE c.operator_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.user_id ELSE NEW.user_id END
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER group_members_dashboard AFTER INSERT OR DELETE ON group_members
    FOR EACH ROW EXECUTE FUNCTION dashboard_member_changed();

-- A new first-contact window changes that KPI everywhere.
CREATE FUNCTION dashboard_window_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.fcr_window_days IS DISTINCT FROM OLD.fcr_window_days THEN
        INSERT INTO dashboard_dirty (hour)
        SELECT DISTINCT date_trunc('hour', created_at, 'UTC') FROM conversations
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER kpi_settings_dashboard AFTER UPDATE ON kpi_settings
    FOR EACH ROW EXECUTE FUNCTION dashboard_window_changed();

-- Everything so far is to be computed.
INSERT INTO dashboard_dirty (hour)
SELECT DISTINCT date_trunc('hour', created_at, 'UTC') FROM conversations
ON CONFLICT DO NOTHING;

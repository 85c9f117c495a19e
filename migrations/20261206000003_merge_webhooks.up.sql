-- The bank's CRM keeps its own customer records: it hears when two of ours became one
-- (customer.merged, by an operator or by a verified identifier) and when an operator
-- undid that (customer.unmerged), in the transaction that did it.
CREATE FUNCTION webhook_customer_merge() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    data jsonb := jsonb_build_object(
        'merge_id', NEW.id,
        'customer_id', NEW.survivor_id,
        'absorbed_customer_id', NEW.absorbed_id,
        'reason', NEW.reason,
        'conversations', COALESCE(NEW.moved->'conversations', '[]'::jsonb));
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM webhook_event('customer.merged', data || jsonb_build_object('operator_id', NEW.merged_by));
    ELSIF OLD.unmerged_at IS NULL AND NEW.unmerged_at IS NOT NULL THEN
        PERFORM webhook_event('customer.unmerged', data || jsonb_build_object('operator_id', NEW.unmerged_by));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER customer_merges_webhook AFTER INSERT OR UPDATE OF unmerged_at ON customer_merges
    FOR EACH ROW EXECUTE FUNCTION webhook_customer_merge();

DROP TRIGGER customer_merges_webhook ON customer_merges;
DROP FUNCTION webhook_customer_merge();
DELETE FROM webhook_deliveries WHERE event IN ('customer.merged', 'customer.unmerged');
DELETE FROM webhooks WHERE events <@ ARRAY['customer.merged', 'customer.unmerged'];
UPDATE webhooks SET events = array_remove(array_remove(events, 'customer.merged'), 'customer.unmerged');

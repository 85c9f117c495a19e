DELETE FROM role_permissions WHERE permission = 'customers.merge';
DELETE FROM permissions WHERE code = 'customers.merge';
DROP TABLE customer_merges;
DROP INDEX customers_merged_into_idx;
ALTER TABLE customers DROP COLUMN merged_into;
DROP TABLE customer_identifiers;

-- 200 products, 25 in each of 8 categories; names and prices vary with the id. MERGE, so
-- that each start seeds the catalog afresh, also in a database shared by several instances.
MERGE INTO product (id, sku, name, category, list_price, stock) KEY (id)
SELECT X,
	'SKU-' || LPAD(CAST(X AS VARCHAR), 5, '0'),
	CASE MOD(X, 5) WHEN 0 THEN 'Classic' WHEN 1 THEN 'Compact' WHEN 2 THEN 'Deluxe' WHEN 3 THEN 'Everyday' ELSE 'Pro' END
		|| ' ' ||
	CASE MOD(X, 8) WHEN 0 THEN 'Novel' WHEN 1 THEN 'Espresso Blend' WHEN 2 THEN 'Planter' WHEN 3 THEN 'Skillet'
		WHEN 4 THEN 'Vinyl Record' WHEN 5 THEN 'Trail Backpack' WHEN 6 THEN 'Cordless Drill' ELSE 'Puzzle' END
		|| ' #' || X,
	CASE MOD(X, 8) WHEN 0 THEN 'books' WHEN 1 THEN 'coffee' WHEN 2 THEN 'garden' WHEN 3 THEN 'kitchen'
		WHEN 4 THEN 'music' WHEN 5 THEN 'outdoor' WHEN 6 THEN 'tools' ELSE 'toys' END,
	CAST(4.99 + MOD(X * 37, 200) AS DECIMAL(10, 2)),
	MOD(X * 13, 90)
FROM SYSTEM_RANGE(1, 200);

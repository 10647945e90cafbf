-- Idempotent, so that several instances may share one database (the redis profile).
CREATE TABLE IF NOT EXISTS product (
	id BIGINT PRIMARY KEY,
	sku VARCHAR(16) NOT NULL,
	name VARCHAR(200) NOT NULL,
	category VARCHAR(32) NOT NULL,
	list_price DECIMAL(10, 2) NOT NULL,
	stock INT NOT NULL
);
CREATE INDEX IF NOT EXISTS product_category ON product (category);

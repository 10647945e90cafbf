package io.github.swrcache.sample.catalog;

import java.math.BigDecimal;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A product of the catalog, a row of the {@code product} table.
 *
 * @param id the id
 * @param sku the stock-keeping unit
 * @param name the display name
 * @param category the category, such as {@code books}
 * @param listPrice the list price, before the pricing service's discounts
 * @param stock units in stock
 */
@Table
public record Product(@Id Long id, String sku, String name, String category, BigDecimal listPrice, int stock) {

	Product with(ProductChange change) {
		return new Product(this.id, this.sku, (change.name() != null) ? change.name() : this.name, this.category,
				(change.listPrice() != null) ? change.listPrice() : this.listPrice,
				(change.stock() != null) ? change.stock() : this.stock);
	}

}

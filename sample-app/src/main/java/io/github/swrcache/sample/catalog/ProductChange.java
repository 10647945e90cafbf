package io.github.swrcache.sample.catalog;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PUT /api/products/{id}}: the fields to change, the others left out.
 *
 * @param name the new name
 * @param listPrice the new list price
 * @param stock the new stock
 */
public record ProductChange(@Nullable String name, @Nullable BigDecimal listPrice, @Nullable Integer stock) {

	/**
	 * Checks the fields that are given.
	 * @throws IllegalArgumentException when one is out of range
	 */
	void check() {
		if (this.name != null && this.name.isBlank()) {
			throw new IllegalArgumentException("name must not be blank, was '" + this.name + "'");
		}
		if (this.listPrice != null && this.listPrice.signum() <= 0) {
			throw new IllegalArgumentException("listPrice must be positive, was " + this.listPrice);
		}
		if (this.stock != null && this.stock < 0) {
			throw new IllegalArgumentException("stock must be zero or more, was " + this.stock);
		}
	}

}

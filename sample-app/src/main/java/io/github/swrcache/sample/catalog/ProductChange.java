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

}

package io.github.swrcache.sample.pricing;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A price quote of the pricing service.
 *
 * @param productId the product
 * @param listPrice its list price
 * @param discountPercent the discount of the current promotion
 * @param price what the customer pays
 * @param quotedAt when the pricing service computed it: its age shows a stale serve
 */
public record Price(long productId, BigDecimal listPrice, int discountPercent, BigDecimal price, Instant quotedAt) {

}

package io.github.swrcache.sample.pricing;

import java.util.Optional;

import io.github.swrcache.sample.catalog.LoaderCalls;
import io.github.swrcache.sample.catalog.Product;
import io.github.swrcache.sample.catalog.ProductRepository;
import io.github.swrcache.spring.annotation.SwrCacheEvict;
import io.github.swrcache.spring.annotation.SwrCacheable;

import org.springframework.stereotype.Service;

/**
 * Prices from the slow pricing service, cached. When the pricing service fails, the last
 * good price is served for up to fifteen minutes ({@code staleIfError}) instead of an
 * error.
 */
@Service
public class PriceService {

	static final String PRICES = "prices";

	private final ProductRepository products;

	private final PricingClient pricing;

	private final LoaderCalls calls;

	public PriceService(ProductRepository products, PricingClient pricing, LoaderCalls calls) {
		this.products = products;
		this.pricing = pricing;
		this.calls = calls;
	}

	/**
	 * The current price of a product.
	 * @param productId the product
	 * @return its price, empty when there is no such product
	 * @throws PricingUnavailableException when the pricing service failed and no earlier
	 * price may be served
	 * @throws InterruptedException when interrupted while waiting for the quote
	 */
	@SwrCacheable(cache = PRICES, key = "#productId", staleIfError = "15m", tags = "'product:' + #productId")
	public Optional<Price> price(long productId) throws InterruptedException {
		this.calls.record(PRICES, productId);
		Optional<Product> product = this.products.findById(productId);
		return (product.isPresent()) ? Optional.of(this.pricing.quote(product.get())) : Optional.empty();
	}

	/**
	 * Forgets the cached price of a product, on every node.
	 * @param productId the product
	 */
	@SwrCacheEvict(cache = PRICES, key = "#productId")
	public void evict(long productId) {
	}

}

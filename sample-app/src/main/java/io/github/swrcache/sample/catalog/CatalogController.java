package io.github.swrcache.sample.catalog;

import java.util.List;

import io.github.swrcache.sample.pricing.Price;
import io.github.swrcache.sample.pricing.PriceService;
import io.github.swrcache.sample.pricing.PricingUnavailableException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalog's HTTP API. Every response names the node that served it in the
 * {@code X-Swr-Node} header.
 */
@RestController
@RequestMapping("/api")
public class CatalogController {

	private final CatalogService catalog;

	private final PriceService prices;

	public CatalogController(CatalogService catalog, PriceService prices) {
		this.catalog = catalog;
		this.prices = prices;
	}

	@GetMapping("/products/{id}")
	public Product product(@PathVariable long id) {
		return this.catalog.product(id).orElseThrow(() -> new ProductNotFoundException(id));
	}

	@GetMapping(path = "/products", params = "ids")
	public List<Product> products(@RequestParam List<Long> ids) {
		if (ids.size() > 500) {
			throw new IllegalArgumentException("ids must name at most 500 products, was " + ids.size());
		}
		return this.catalog.products(ids);
	}

	@PutMapping("/products/{id}")
	public Product update(@PathVariable long id, @RequestBody ProductChange change) {
		change.check();
		Product updated = this.catalog.update(id, change);
		this.prices.evict(id);
		return updated;
	}

	@GetMapping("/products/{id}/price")
	public Price price(@PathVariable long id) throws InterruptedException {
		return this.prices.price(id).orElseThrow(() -> new ProductNotFoundException(id));
	}

	@GetMapping("/categories")
	public CategoryIndex categories() {
		return this.catalog.categories();
	}

	@GetMapping("/categories/{category}/products")
	public List<Product> productsOf(@PathVariable String category) {
		return this.catalog.productsOf(category);
	}

	@ExceptionHandler
	ProblemDetail pricingUnavailable(PricingUnavailableException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail badArgument(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

}

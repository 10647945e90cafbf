package io.github.swrcache.sample.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.spring.annotation.SwrCacheEvict;
import io.github.swrcache.spring.annotation.SwrCachePut;
import io.github.swrcache.spring.annotation.SwrCacheable;
import io.github.swrcache.spring.autoconfigure.SwrCachePolicies;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reads and updates the catalog through the caches. The durations of every cache are in
 * {@code application.yml} ({@code swr.cache.caches.*}).
 */
@Service
public class CatalogService {

	static final String PRODUCTS = "products";

	static final String PRODUCTS_BULK = "products-bulk";

	static final String CATEGORY_PRODUCTS = "category-products";

	static final String CATEGORIES = "categories";

	private final ProductRepository repository;

	private final JdbcClient jdbc;

	private final LoaderCalls calls;

	private final SwrCache<Long, Product> products;

	public CatalogService(ProductRepository repository, JdbcClient jdbc, LoaderCalls calls, SwrCacheManager manager,
			SwrCachePolicies policies) {
		this.repository = repository;
		this.jdbc = jdbc;
		this.calls = calls;
		// The same cache as product(id) below: same name, value type and configured
		// policy, so bulk reads and single reads share their entries.
		this.products = manager.cache(PRODUCTS, Product.class, policies.getPolicy(PRODUCTS));
	}

	/**
	 * One product. The entry carries the tag {@code product:<id>}.
	 * @param id the product id
	 * @return the product, empty when there is none (not cached)
	 */
	@SwrCacheable(cache = PRODUCTS, key = "#id", tags = "'product:' + #id")
	public Optional<Product> product(long id) {
		this.calls.record(PRODUCTS, id);
		return this.repository.findById(id);
	}

	/**
	 * Many products: the cached ones from the cache, the others with one query for all of
	 * them ({@link SwrCache#getAll}).
	 * @param ids the product ids
	 * @return the products found, in the order of {@code ids}
	 */
	public List<Product> products(List<Long> ids) {
		Map<Long, Product> found = this.products.getAll(ids, (missing) -> {
			this.calls.record(PRODUCTS_BULK, "all");
			missing.forEach((id) -> this.calls.record(PRODUCTS, id));
			Map<Long, Product> loaded = new LinkedHashMap<>();
			this.repository.findAllById(missing).forEach((product) -> loaded.put(product.id(), product));
			return loaded;
		});
		return List.copyOf(found.values());
	}

	/**
	 * The products of a category. The list is stored with its generic type
	 * ({@code List<Product>}) and tagged with each of its products, so that changing one
	 * product invalidates every list that shows it.
	 * @param category the category
	 * @return its products by id
	 */
	@SwrCacheable(cache = CATEGORY_PRODUCTS, key = "#category", tags = "#result.![ 'product:' + id ]")
	public List<Product> productsOf(String category) {
		this.calls.record(CATEGORY_PRODUCTS, category);
		return this.repository.findByCategoryOrderById(category);
	}

	/**
	 * Every category, through Spring's own {@code @Cacheable}: with {@code sync = true}
	 * concurrent callers share one load, across the cluster when Redis is used.
	 * @return the categories
	 */
	@Cacheable(cacheNames = CATEGORIES, key = "'all'", sync = true)
	public CategoryIndex categories() {
		this.calls.record(CATEGORIES, "all");
		return new CategoryIndex(this.jdbc
			.sql("SELECT category AS name, COUNT(*) AS products FROM product GROUP BY category ORDER BY category")
			.query(CategorySummary.class)
			.list());
	}

	/**
	 * Changes a product: the new value replaces the cached one ({@code @SwrCachePut}),
	 * and every category list that shows the product is invalidated by its tag
	 * ({@code @SwrCacheEvict}), on every node.
	 * @param id the product id
	 * @param change the fields to change
	 * @return the changed product
	 * @throws ProductNotFoundException when there is no such product
	 */
	@SwrCachePut(cache = PRODUCTS, key = "#id", tags = "'product:' + #id")
	@SwrCacheEvict(cache = CATEGORY_PRODUCTS, tags = "'product:' + #id")
	public Product update(long id, ProductChange change) {
		Product product = this.repository.findById(id).orElseThrow(() -> new ProductNotFoundException(id));
		return this.repository.save(product.with(change));
	}

}

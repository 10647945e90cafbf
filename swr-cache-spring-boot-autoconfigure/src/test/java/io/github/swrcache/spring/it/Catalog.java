package io.github.swrcache.spring.it;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.swrcache.spring.annotation.SwrCacheEvict;
import io.github.swrcache.spring.annotation.SwrCachePut;
import io.github.swrcache.spring.annotation.SwrCacheable;
import reactor.core.publisher.Mono;

import org.springframework.cache.annotation.Cacheable;

/**
 * A service of the integration tests. The "database" and the call counter are static, so
 * that two application contexts (two nodes) share them.
 */
public class Catalog {

	static final Map<Long, String> names = new ConcurrentHashMap<>();

	static final AtomicInteger calls = new AtomicInteger();

	static volatile long loadMillis = 0;

	/** Vetoes caching a missing product and a temporary one. */
	static final String VETO = "#result == null or #result.name.startsWith('tmp')";

	@SwrCacheable(cache = "products", key = "#id", tags = "'product:' + #id")
	public Product find(long id) {
		return load(id);
	}

	@SwrCacheEvict(cache = "products", key = "#id")
	public void rename(long id, String name) {
		names.put(id, name);
	}

	@SwrCacheEvict(cache = "products", tags = "'product:' + #p0")
	public void renameByTag(long id, String name) {
		names.put(id, name);
	}

	@SwrCachePut(cache = "products", key = "#product.id", tags = "'product:' + #result.id")
	public Product save(Product product) {
		names.put(product.id(), product.name());
		return product;
	}

	@SwrCacheable(cache = "lists", key = "#category")
	public List<Product> list(String category) {
		return List.of(load(1), load(2));
	}

	@SwrCacheable(cache = "optionals", key = "#id")
	public Optional<Product> maybe(long id) {
		return Optional.of(load(id));
	}

	@SwrCacheable(cache = "futures", key = "#id", tags = "'product:' + #result.id")
	public CompletableFuture<Product> future(long id) {
		return CompletableFuture.supplyAsync(() -> load(id));
	}

	@SwrCacheEvict(cache = "futures", tags = "'product:' + #id")
	public void touchFuture(long id) {
	}

	@SwrCacheable(cache = "monos", key = "#id", tags = "'product:' + #result.id")
	public Mono<Product> mono(long id) {
		return Mono.fromCallable(() -> load(id));
	}

	@SwrCacheEvict(cache = "monos", tags = "'product:' + #id")
	public void touchMono(long id) {
	}

	@SwrCacheable(cache = "drafts", key = "#id", unless = VETO, cacheNulls = true)
	public Product draft(long id) {
		return loadOrNull(id);
	}

	@SwrCacheable(cache = "optionalDrafts", key = "#id", unless = VETO, cacheNulls = true)
	public Optional<Product> optionalDraft(long id) {
		return Optional.ofNullable(loadOrNull(id));
	}

	@SwrCacheable(cache = "futureDrafts", key = "#id", unless = VETO, cacheNulls = true)
	public CompletableFuture<Product> futureDraft(long id) {
		return CompletableFuture.supplyAsync(() -> loadOrNull(id));
	}

	@SwrCacheable(cache = "monoDrafts", key = "#id", unless = VETO, cacheNulls = true)
	public Mono<Product> monoDraft(long id) {
		return Mono.fromCallable(() -> loadOrNull(id));
	}

	@Cacheable(cacheNames = "spring", sync = true)
	public String spring(String key) {
		return load(0).name() + "-" + key;
	}

	/** A product, or null when its name is "deleted". */
	private Product loadOrNull(long id) {
		Product product = load(id);
		return product.name().equals("deleted") ? null : product;
	}

	private Product load(long id) {
		calls.incrementAndGet();
		if (loadMillis > 0) {
			try {
				Thread.sleep(loadMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return new Product(id, names.getOrDefault(id, "product-" + id));
	}

}

package io.github.swrcache.spring.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SwrSpringCacheManagerTests {

	private final SwrCacheManager manager = SwrCacheManager.builder().build();

	private final SwrSpringCacheManager cacheManager = new SwrSpringCacheManager(this.manager,
			(name) -> CachePolicy.defaults(), (name) -> "typed".equals(name) ? String.class : null);

	@AfterEach
	void close() {
		this.manager.close();
	}

	@Test
	void getWithValueLoaderLoadsOnceThenServesTheValue() {
		Cache cache = this.cacheManager.getCache("c");
		AtomicInteger loads = new AtomicInteger();
		assertThat(cache.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		assertThat(cache.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		assertThat(loads).hasValue(1);
	}

	@Test
	void plainGetNeverLoads() {
		Cache cache = this.cacheManager.getCache("c");
		assertThat(cache.get("k")).isNull();
		cache.put("k", "v");
		assertThat(cache.get("k").get()).isEqualTo("v");
		assertThat(cache.get("k", String.class)).isEqualTo("v");
	}

	@Test
	void failingValueLoaderThrowsValueRetrievalExceptionWithTheCause() {
		Cache cache = this.cacheManager.getCache("c");
		IllegalStateException failure = new IllegalStateException("down");
		assertThatExceptionOfType(Cache.ValueRetrievalException.class).isThrownBy(() -> cache.get("k", () -> {
			throw failure;
		})).withCause(failure);
	}

	@Test
	void retrieveWithLoaderLoadsAsynchronouslyOnce() throws Exception {
		Cache cache = this.cacheManager.getCache("c");
		AtomicInteger loads = new AtomicInteger();
		assertThat(cache.retrieve("k")).isNull();
		assertThat(cache.retrieve("k", () -> CompletableFuture.completedFuture("v" + loads.incrementAndGet()))
			.get(5, TimeUnit.SECONDS)).isEqualTo("v1");
		assertThat(cache.retrieve("k", () -> CompletableFuture.completedFuture("v" + loads.incrementAndGet()))
			.get(5, TimeUnit.SECONDS)).isEqualTo("v1");
		assertThat(cache.retrieve("k").get(5, TimeUnit.SECONDS)).isEqualTo("v1");
		assertThat(loads).hasValue(1);
	}

	@Test
	void evictEvictIfPresentClearAndInvalidate() {
		Cache cache = this.cacheManager.getCache("c");
		cache.put("a", "1");
		cache.put("b", "2");
		cache.evict("a");
		assertThat(cache.get("a")).isNull();
		assertThat(cache.evictIfPresent("b")).isTrue();
		assertThat(cache.evictIfPresent("b")).isFalse();
		cache.put("c", "3");
		cache.clear();
		assertThat(cache.get("c")).isNull();
		cache.put("d", "4");
		assertThat(cache.invalidate()).isTrue();
		assertThat(cache.get("d")).isNull();
	}

	@Test
	void nullPutEvictsWhenNullsAreNotCached() {
		Cache cache = this.cacheManager.getCache("c");
		cache.put("k", "v");
		cache.put("k", null);
		assertThat(cache.get("k")).isNull();
	}

	@Test
	void existingSwrCacheIsUsedAsItIs() {
		SwrCache<Object, Integer> existing = this.manager.cache("products", Integer.class);
		assertThat(this.cacheManager.getCache("products").getNativeCache()).isSameAs(existing);
		assertThat(this.cacheManager.getCacheNames()).containsExactly("products");
	}

	@Test
	void configuredValueTypeIsUsedForNewCaches() {
		this.cacheManager.getCache("typed");
		assertThat(this.manager.cache("typed", String.class, CachePolicy.defaults())).isNotNull();
	}

}

package io.github.swrcache.spring.cache;

import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.SwrCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring adapter's {@code putIfAbsent} goes through swr-cache's atomic write.
 */
class SwrSpringCacheAtomicWriteTests {

	private final SwrCacheManager manager = SwrCacheManager.builder().build();

	private final SwrSpringCacheManager cacheManager = new SwrSpringCacheManager(this.manager,
			(name) -> "nulls".equals(name) ? CachePolicy.builder().cacheNulls(true).build() : CachePolicy.defaults(),
			(name) -> null);

	@AfterEach
	void close() {
		this.manager.close();
	}

	@Test
	void putIfAbsentStoresOnlyTheFirstValueAndReturnsTheExistingOne() {
		Cache cache = this.cacheManager.getCache("c");
		assertThat(cache.putIfAbsent("k", "first")).isNull();
		Cache.ValueWrapper existing = cache.putIfAbsent("k", "second");
		assertThat(existing).isNotNull();
		assertThat(existing.get()).isEqualTo("first");
		assertThat(cache.get("k", String.class)).isEqualTo("first");
		assertThat(this.manager.getCache("c").statistics().puts()).isEqualTo(1);
	}

	@Test
	void putIfAbsentOfNullStoresItOnlyWhenTheCacheCachesNulls() {
		Cache cache = this.cacheManager.getCache("c");
		assertThat(cache.putIfAbsent("k", null)).isNull();
		assertThat(cache.get("k")).isNull();
		Cache nulls = this.cacheManager.getCache("nulls");
		assertThat(nulls.putIfAbsent("k", null)).isNull();
		assertThat(nulls.get("k")).isNotNull().extracting(Cache.ValueWrapper::get).isNull();
		assertThat(nulls.putIfAbsent("k", "value")).as("a cached null counts as no value").isNull();
		assertThat(nulls.get("k", String.class)).isEqualTo("value");
	}

}

package io.github.swrcache.core;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * {@link SwrCacheManager}: named caches, their declared types, and input validation.
 */
class SwrCacheManagerTests {

	private final SwrCacheManager manager = SwrCacheManager.builder().nodeId("node-1").build();

	@AfterEach
	void close() {
		this.manager.close();
	}

	@Test
	void sameNameReturnsTheSameCache() {
		SwrCache<Long, String> first = this.manager.cache("products", String.class);
		SwrCache<Long, String> second = this.manager.cache("products", String.class);
		assertThat(second).isSameAs(first);
		assertThat(this.manager.cacheNames()).containsExactly("products");
		assertThat(this.manager.getCache("products")).isSameAs(first);
		assertThat(this.manager.getCache("unknown")).isNull();
		assertThat(first.name()).isEqualTo("products");
		assertThat(first.policy()).isEqualTo(CachePolicy.defaults());
		assertThat(this.manager.nodeId()).isEqualTo("node-1");
	}

	@Test
	void sameNameWithAnotherTypeOrPolicyIsRejected() {
		this.manager.cache("products", String.class);
		assertThatIllegalArgumentException().isThrownBy(() -> this.manager.cache("products", Integer.class))
			.withMessageStartingWith("cache 'products' already exists with value type java.lang.String");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.manager.cache("products", String.class,
					CachePolicy.builder().ttl(Duration.ofSeconds(1)).build()))
			.withMessageContaining("ttl=PT1S");
	}

	@Test
	void cacheByNameAloneTakesTheNamedPolicy() {
		CachePolicy products = CachePolicy.builder().ttl(Duration.ofSeconds(5)).build();
		try (SwrCacheManager named = SwrCacheManager.builder().cachePolicy("products", products).build()) {
			SwrCache<Long, String> cache = named.cache("products", String.class);
			assertThat(cache.policy()).isEqualTo(products);
			assertThat(named.cache("products", String.class, products)).isSameAs(cache);
			assertThat(named.cache("orders", String.class).policy()).isEqualTo(CachePolicy.defaults());
		}
	}

	@Test
	void genericValueTypesAreKept() throws Exception {
		java.lang.reflect.Type listOfStrings = getClass().getDeclaredMethod("listOfStrings").getGenericReturnType();
		SwrCache<String, List<String>> cache = this.manager.cache("lists", listOfStrings, CachePolicy.defaults());
		assertThat(cache.get("a", (key) -> List.of("x", "y"))).containsExactly("x", "y");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.manager.cache("lists", List.class, CachePolicy.defaults()))
			.withMessageContaining("java.util.List<java.lang.String>");
	}

	@SuppressWarnings("unused")
	private List<String> listOfStrings() {
		return List.of();
	}

	@Test
	void blankCacheNameIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.manager.cache(" ", String.class))
			.withMessage("cache name must not be null or blank, was ' '");
	}

	@Test
	void nullKeysAndLoadersAreRejectedNamingTheArgument() {
		SwrCache<String, String> cache = this.manager.cache("c", String.class);
		assertThatNullPointerException().isThrownBy(() -> cache.get(null, (key) -> "x"))
			.withMessage("key must not be null");
		assertThatNullPointerException().isThrownBy(() -> cache.get("a", (Loader<String, String>) null))
			.withMessage("loader must not be null");
		assertThatNullPointerException().isThrownBy(() -> cache.getAsync(null, (key, executor) -> null))
			.withMessage("key must not be null");
		assertThatNullPointerException().isThrownBy(() -> cache.put(null, "x")).withMessage("key must not be null");
		assertThatNullPointerException().isThrownBy(() -> cache.invalidate(null)).withMessage("key must not be null");
		assertThatNullPointerException().isThrownBy(() -> cache.peek(null)).withMessage("key must not be null");
	}

	@Test
	void invalidBuilderValuesAreRejectedWithFieldAndValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> SwrCacheManager.builder().localMaxEntries(-1))
			.withMessage("localMaxEntries must be zero or positive, was -1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SwrCacheManager.builder().localMaxTtl(Duration.ofSeconds(-1)))
			.withMessage("localMaxTtl must be positive, was PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> SwrCacheManager.builder().refreshThreads(0))
			.withMessage("refreshThreads must be positive, was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> SwrCacheManager.builder().refreshQueueCapacity(-1))
			.withMessage("refreshQueueCapacity must be zero or positive, was -1");
		assertThatIllegalArgumentException().isThrownBy(() -> SwrCacheManager.builder().nodeId(""))
			.withMessage("nodeId must be non-blank and contain no '|', was ");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SwrCacheManager.builder().cachePolicy(" ", CachePolicy.defaults()))
			.withMessage("cache name must not be null or blank, was ' '");
		assertThatNullPointerException().isThrownBy(() -> SwrCacheManager.builder().cachePolicy("products", null))
			.withMessage("policy must not be null");
	}

	@Test
	void localTierIsBoundedByMaxEntries() {
		FakeClock clock = new FakeClock();
		try (SwrCacheManager small = SwrCacheManager.builder()
			.clock(clock)
			.localMaxEntries(10)
			.loadExecutor(Runnable::run)
			.build()) {
			SwrCache<Integer, String> cache = small.cache("c", String.class);
			for (int key = 0; key < 100; key++) {
				cache.get(key, (k) -> "v" + k);
			}
			org.awaitility.Awaitility.await()
				.untilAsserted(() -> assertThat(cache.statistics().localSize()).isEqualTo(10));
			assertThat(cache.statistics().evictions()).isEqualTo(90);
		}
	}

}

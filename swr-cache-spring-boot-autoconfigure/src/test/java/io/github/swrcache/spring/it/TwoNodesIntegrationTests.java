package io.github.swrcache.spring.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

import io.github.swrcache.core.CacheLookup;
import io.github.swrcache.core.CacheTier;
import io.github.swrcache.core.EntryState;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.core.testsupport.RedisEndpoint;
import io.github.swrcache.core.testsupport.RedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application contexts on one Redis act as two instances of a service.
 */
@ExtendWith(RedisExtension.class)
class TwoNodesIntegrationTests {

	private static ConfigurableApplicationContext nodeA;

	private static ConfigurableApplicationContext nodeB;

	private static String prefix;

	private static RedisEndpoint redis;

	@BeforeAll
	static void startNodes(RedisEndpoint redis) {
		TwoNodesIntegrationTests.redis = redis;
		prefix = "it-" + UUID.randomUUID();
		nodeA = start(redis, prefix);
		nodeB = start(redis, prefix);
	}

	@AfterAll
	static void stopNodes() {
		nodeA.close();
		nodeB.close();
	}

	private static ConfigurableApplicationContext start(RedisEndpoint redis, String prefix) {
		return new SpringApplicationBuilder(CatalogApplication.class).web(WebApplicationType.NONE)
			.properties("spring.data.redis.url=" + redis.uri(), "swr.cache.key-prefix=" + prefix,
					"spring.main.banner-mode=off")
			.run();
	}

	@BeforeEach
	void reset() {
		Catalog.calls.set(0);
		Catalog.loadMillis = 0;
	}

	@Test
	void concurrentCallsOnAColdKeyAcrossTwoNodesRunTheMethodOnce() throws Exception {
		Catalog.loadMillis = 300;
		Catalog a = nodeA.getBean(Catalog.class);
		Catalog b = nodeB.getBean(Catalog.class);
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(200);
		try {
			List<Future<Product>> results = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				Catalog catalog = (i % 2 == 0) ? a : b;
				results.add(threads.submit(() -> {
					start.await();
					return catalog.find(1000);
				}));
			}
			start.countDown();
			for (Future<Product> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(new Product(1000, "product-1000"));
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(Catalog.calls).hasValue(1);
	}

	@Test
	void evictOnOneNodeIsSeenByTheOther() {
		Catalog a = nodeA.getBean(Catalog.class);
		Catalog b = nodeB.getBean(Catalog.class);
		assertThat(b.find(2000)).isEqualTo(new Product(2000, "product-2000"));
		assertThat(a.find(2000)).isEqualTo(new Product(2000, "product-2000"));
		a.rename(2000, "renamed");
		await().atMost(5, TimeUnit.SECONDS)
			.untilAsserted(() -> assertThat(b.find(2000)).isEqualTo(new Product(2000, "renamed")));
	}

	@Test
	void tagEvictionOnOneNodeIsSeenByTheOther() {
		Catalog a = nodeA.getBean(Catalog.class);
		Catalog b = nodeB.getBean(Catalog.class);
		assertThat(b.find(3000).name()).isEqualTo("product-3000");
		assertThat(peek(nodeB, "products", 3000L).tags()).containsExactly("product:3000");
		a.renameByTag(3000, "tagged");
		await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(b.find(3000).name()).isEqualTo("tagged"));
	}

	@Test
	void putEntryCarriesItsTagsToTheOtherNode() {
		Catalog a = nodeA.getBean(Catalog.class);
		Catalog b = nodeB.getBean(Catalog.class);
		long missesBefore = nodeA.getBean(SwrCacheManager.class).getCache("products").statistics().misses();
		a.save(new Product(3100, "saved"));
		assertThat(nodeA.getBean(SwrCacheManager.class).getCache("products").statistics().misses())
			.as("a put is not a load")
			.isEqualTo(missesBefore);
		assertThat(b.find(3100)).isEqualTo(new Product(3100, "saved"));
		assertThat(peek(nodeB, "products", 3100L).tags()).containsExactly("product:3100");
		a.renameByTag(3100, "renamed");
		await().atMost(5, TimeUnit.SECONDS)
			.untilAsserted(() -> assertThat(peek(nodeB, "products", 3100L).state()).isEqualTo(EntryState.ABSENT));
		assertThat(b.find(3100)).isEqualTo(new Product(3100, "renamed"));
		assertThat(Catalog.calls).hasValue(1);
	}

	@Test
	void genericListRoundTripsThroughRedis() {
		List<Product> loaded = nodeA.getBean(Catalog.class).list("all");
		List<Product> fromRedis = nodeB.getBean(Catalog.class).list("all");
		assertThat(fromRedis).isEqualTo(loaded).hasOnlyElementsOfType(Product.class);
		assertThat(Catalog.calls).hasValue(2);
		assertThat(nodeB.getBean(SwrCacheManager.class).getCache("lists").statistics().remoteHits()).isEqualTo(1);
	}

	@Test
	void optionalRoundTripsThroughRedis() {
		assertThat(nodeA.getBean(Catalog.class).maybe(4000)).contains(new Product(4000, "product-4000"));
		Optional<Product> fromRedis = nodeB.getBean(Catalog.class).maybe(4000);
		assertThat(fromRedis).contains(new Product(4000, "product-4000"));
		assertThat(Catalog.calls).hasValue(1);
	}

	@Test
	void completableFutureRoundTripsThroughRedis() throws Exception {
		assertThat(nodeA.getBean(Catalog.class).future(5000).get(5, TimeUnit.SECONDS))
			.isEqualTo(new Product(5000, "product-5000"));
		assertThat(nodeB.getBean(Catalog.class).future(5000).get(5, TimeUnit.SECONDS))
			.isEqualTo(new Product(5000, "product-5000"));
		assertThat(Catalog.calls).hasValue(1);
	}

	@Test
	void monoRoundTripsThroughRedis() {
		assertThat(nodeA.getBean(Catalog.class).mono(6000).block()).isEqualTo(new Product(6000, "product-6000"));
		assertThat(nodeB.getBean(Catalog.class).mono(6000).block()).isEqualTo(new Product(6000, "product-6000"));
		assertThat(Catalog.calls).hasValue(1);
		assertThat(peek(nodeB, "monos", 6000L).tier()).isEqualTo(CacheTier.LOCAL);
	}

	@Test
	void springCacheableWithSyncRunsOnceForConcurrentCallers() throws Exception {
		Catalog.loadMillis = 300;
		Catalog a = nodeA.getBean(Catalog.class);
		Catalog b = nodeB.getBean(Catalog.class);
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(20);
		try {
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				Catalog catalog = (i % 2 == 0) ? a : b;
				results.add(threads.submit(() -> {
					start.await();
					return catalog.spring("x");
				}));
			}
			start.countDown();
			for (Future<String> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("product-0-x");
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(Catalog.calls).hasValue(1);
	}

	@ParameterizedTest
	@EnumSource
	void vetoedResultsReachTheCallerButNeverRedis(Draft draft) {
		Catalog.names.put(8100L, "tmp-8100");
		Catalog.names.put(8101L, "deleted");
		Catalog a = nodeA.getBean(Catalog.class);
		try (KeyspaceEvents written = new KeyspaceEvents(redis, prefix + ":" + draft.cache + ":*")) {
			for (int i = 0; i < 2; i++) {
				assertThat(draft.call(a, 8100)).isEqualTo(new Product(8100, "tmp-8100"));
				assertThat(draft.call(a, 8101)).isNull();
				assertThat(draft.call(a, 8102)).isEqualTo(new Product(8102, "product-8102"));
			}
			assertThat(Catalog.calls).as("vetoed: every call; kept: once").hasValue(2 + 2 + 1);
			// Redis notifies in command order: once the kept value's write is seen, a
			// write of a vetoed value (before it) would have been seen too.
			await().atMost(5, TimeUnit.SECONDS)
				.untilAsserted(() -> assertThat(written.dataKeys()).anyMatch((key) -> key.endsWith("{8102}")));
			assertThat(written.dataKeys()).singleElement().asString().endsWith("{8102}");
		}
		assertThat(draft.call(nodeB.getBean(Catalog.class), 8102)).isEqualTo(new Product(8102, "product-8102"));
		assertThat(Catalog.calls).as("the kept value came from Redis").hasValue(5);
		assertThat(peek(nodeB, draft.cache, 8100L).state()).isEqualTo(EntryState.ABSENT);
		assertThat(peek(nodeB, draft.cache, 8101L).state()).isEqualTo(EntryState.ABSENT);
	}

	@ParameterizedTest
	@EnumSource
	void tagEvictionRemovesAnEntryOfAnAsynchronousMethodOnEveryNode(Async method) {
		Catalog a = nodeA.getBean(Catalog.class);
		Catalog b = nodeB.getBean(Catalog.class);
		assertThat(method.call(a, 5100)).isEqualTo(new Product(5100, "product-5100"));
		assertThat(method.call(b, 5100)).isEqualTo(new Product(5100, "product-5100"));
		assertThat(Catalog.calls).hasValue(1);
		assertThat(peek(nodeB, method.cache, 5100L).tags()).containsExactly("product:5100");
		method.evict.accept(a, 5100L);
		await().atMost(5, TimeUnit.SECONDS)
			.untilAsserted(() -> assertThat(peek(nodeB, method.cache, 5100L).state()).isEqualTo(EntryState.ABSENT));
		assertThat(peek(nodeA, method.cache, 5100L).state()).isEqualTo(EntryState.ABSENT);
		assertThat(method.call(b, 5100)).isEqualTo(new Product(5100, "product-5100"));
		assertThat(Catalog.calls).hasValue(2);
	}

	/**
	 * The tagged asynchronous methods of {@link Catalog}, and the methods that evict
	 * their tags.
	 */
	enum Async {

		FUTURE("futures", (catalog, id) -> catalog.future(id).join(), Catalog::touchFuture),

		MONO("monos", (catalog, id) -> catalog.mono(id).block(), Catalog::touchMono);

		private final String cache;

		private final BiFunction<Catalog, Long, Product> method;

		private final BiConsumer<Catalog, Long> evict;

		Async(String cache, BiFunction<Catalog, Long, Product> method, BiConsumer<Catalog, Long> evict) {
			this.cache = cache;
			this.method = method;
			this.evict = evict;
		}

		Product call(Catalog catalog, long id) {
			return this.method.apply(catalog, id);
		}

	}

	/**
	 * The methods of {@link Catalog} whose {@code unless} vetoes temporary and missing
	 * products, one per return type.
	 */
	enum Draft {

		PLAIN("drafts", Catalog::draft),

		OPTIONAL("optionalDrafts", (catalog, id) -> catalog.optionalDraft(id).orElse(null)),

		FUTURE("futureDrafts", (catalog, id) -> catalog.futureDraft(id).join()),

		MONO("monoDrafts", (catalog, id) -> catalog.monoDraft(id).block());

		private final String cache;

		private final BiFunction<Catalog, Long, Product> method;

		Draft(String cache, BiFunction<Catalog, Long, Product> method) {
			this.cache = cache;
			this.method = method;
		}

		Product call(Catalog catalog, long id) {
			return this.method.apply(catalog, id);
		}

	}

	@SuppressWarnings("unchecked")
	private static CacheLookup<?> peek(ConfigurableApplicationContext node, String cache, Object key) {
		return ((SwrCache<Object, ?>) node.getBean(SwrCacheManager.class).getCache(cache)).peek(key);
	}

}

package io.github.swrcache.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Single flight and stale-while-revalidate under real threads, started together by a
 * latch.
 */
class ConcurrencyTests {

	private static final int THREADS = 200;

	private final FakeClock clock = new FakeClock();

	private final SwrCacheManager manager = SwrCacheManager.builder().clock(this.clock).build();

	private final CachePolicy policy = CachePolicy.builder()
		.ttl(Duration.ofSeconds(10))
		.staleWhileRevalidate(Duration.ofSeconds(20))
		.staleIfError(Duration.ofSeconds(30))
		.jitter(0)
		.build();

	private final ExecutorService callers = Executors.newFixedThreadPool(THREADS);

	@AfterEach
	void close() {
		this.callers.shutdownNow();
		this.manager.close();
	}

	private final AtomicInteger entered = new AtomicInteger();

	private <T> List<T> runTogether(int threads, Callable<T> call) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Future<T>> futures = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			futures.add(this.callers.submit(() -> {
				start.await();
				this.entered.incrementAndGet();
				return call.call();
			}));
		}
		start.countDown();
		List<T> results = new ArrayList<>();
		for (Future<T> future : futures) {
			results.add(future.get(30, TimeUnit.SECONDS));
		}
		return results;
	}

	/**
	 * Holds a load until every caller has entered {@code get}, plus a moment for the last
	 * one to reach the flight, so that no caller can arrive after the load ended.
	 */
	private void untilAllCallersEntered() throws InterruptedException {
		await().until(() -> this.entered.get() == THREADS);
		Thread.sleep(50);
	}

	@Test
	void coldKeyIsLoadedOnceForAllConcurrentCallers() throws Exception {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		AtomicInteger loads = new AtomicInteger();
		List<String> results = runTogether(THREADS, () -> cache.get("hot", (key) -> {
			loads.incrementAndGet();
			untilAllCallersEntered();
			return "value";
		}));
		assertThat(results).hasSize(THREADS).containsOnly("value");
		assertThat(loads).hasValue(1);
		CacheStatistics stats = cache.statistics();
		assertThat(stats.misses() + stats.localHits()).isEqualTo(THREADS);
		assertThat(stats.loadSuccesses()).isEqualTo(1);
	}

	@Test
	void staleKeyIsServedToEveryCallerWhileOneSlowRefreshRuns() throws Exception {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.put("hot", "old");
		this.clock.advance(Duration.ofSeconds(10));
		AtomicInteger loads = new AtomicInteger();
		CountDownLatch release = new CountDownLatch(1);
		// The refresh cannot finish before every caller has returned: a caller that
		// waited for it would never return and the test would time out.
		List<Long> latencies = runTogether(THREADS, () -> {
			long start = System.nanoTime();
			String value = cache.get("hot", (key) -> {
				loads.incrementAndGet();
				release.await();
				return "new";
			});
			assertThat(value).isEqualTo("old");
			return System.nanoTime() - start;
		});
		assertThat(loads).hasValue(1);
		release.countDown();
		await().untilAsserted(() -> assertThat(cache.get("hot", (key) -> "unused")).isEqualTo("new"));
		assertThat(loads).hasValue(1);
		assertThat(cache.statistics().staleServed()).isEqualTo(THREADS);
		assertThat(cache.statistics().refreshSuccesses()).isEqualTo(1);
		long slowestMillis = TimeUnit.NANOSECONDS
			.toMillis(latencies.stream().mapToLong(Long::longValue).max().orElseThrow());
		assertThat(slowestMillis).as("no caller waited for the refresh").isLessThan(1_000);
	}

	@Test
	void failingLoadIsSharedAndNothingLeaksAfterIt() throws Exception {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		AtomicInteger loads = new AtomicInteger();
		List<String> outcomes = runTogether(THREADS, () -> {
			try {
				return cache.get("hot", (key) -> {
					loads.incrementAndGet();
					untilAllCallersEntered();
					throw new IllegalStateException("source down");
				});
			}
			catch (SwrLoadException ex) {
				return ex.getCause().getMessage();
			}
		});
		assertThat(outcomes).hasSize(THREADS).containsOnly("source down");
		assertThat(loads).hasValue(1);
		assertThat(cache.get("hot", (key) -> {
			loads.incrementAndGet();
			return "recovered";
		})).isEqualTo("recovered");
		assertThat(loads).hasValue(2);
	}

	@Test
	void failSafeValueIsServedToAllCallersWithOneFailedLoad() throws Exception {
		SwrCache<String, String> cache = this.manager.cache("c", String.class, this.policy);
		cache.put("hot", "last-good");
		this.clock.advance(Duration.ofSeconds(35));
		AtomicInteger loads = new AtomicInteger();
		List<String> results = runTogether(THREADS, () -> cache.get("hot", (key) -> {
			loads.incrementAndGet();
			untilAllCallersEntered();
			throw new IllegalStateException("source down");
		}));
		assertThat(results).hasSize(THREADS).containsOnly("last-good");
		assertThat(loads).hasValue(1);
		assertThat(cache.statistics().failSafeServed()).isEqualTo(THREADS);
	}

	@Test
	void getAllOverlappingWithSingleKeyLoadsLoadsEveryKeyOnce() throws Exception {
		SwrCache<Integer, String> cache = this.manager.cache("c", String.class, this.policy);
		Map<Integer, AtomicInteger> loadsPerKey = new java.util.concurrent.ConcurrentHashMap<>();
		List<Set<Integer>> bulkCalls = new CopyOnWriteArrayList<>();
		BulkLoader<Integer, String> bulk = (keys) -> {
			bulkCalls.add(Set.copyOf(keys));
			Thread.sleep(50);
			Map<Integer, String> values = new java.util.HashMap<>();
			keys.forEach((key) -> {
				loadsPerKey.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
				values.put(key, "v" + key);
			});
			return values;
		};
		Loader<Integer, String> single = (key) -> {
			loadsPerKey.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
			Thread.sleep(50);
			return "v" + key;
		};
		AtomicInteger next = new AtomicInteger();
		List<Integer> sizes = runTogether(40, () -> {
			int n = next.getAndIncrement();
			if (n % 2 == 0) {
				return cache.getAll(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), bulk).size();
			}
			return (cache.get(n % 10, single) != null) ? 1 : 0;
		});
		assertThat(sizes).hasSize(40).containsOnly(10, 1);
		assertThat(loadsPerKey).hasSize(10);
		assertThat(loadsPerKey.values()).allSatisfy((count) -> assertThat(count).hasValue(1));
		for (int key = 0; key < 10; key++) {
			assertThat(cache.peek(key).value()).isEqualTo("v" + key);
		}
	}

}

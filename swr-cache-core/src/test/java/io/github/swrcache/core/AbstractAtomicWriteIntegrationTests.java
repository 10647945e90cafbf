package io.github.swrcache.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Atomic and conditional writes, structured keys and asynchronous invalidation on three
 * nodes sharing one real Redis, standalone or Cluster (the subclasses say which). The
 * nodes share a fake clock; locks, Redis and the bus run in real time.
 */
abstract class AbstractAtomicWriteIntegrationTests {

	static final int NODES = 3;

	final FakeClock clock = new FakeClock();

	final CachePolicy policy = CachePolicy.builder()
		.ttl(Duration.ofSeconds(10))
		.staleWhileRevalidate(Duration.ofSeconds(20))
		.staleIfError(Duration.ofSeconds(30))
		.jitter(0)
		.build();

	final ExecutorService threads = Executors.newCachedThreadPool();

	/** Only for its key prefix and key layout: the nodes of these tests are below. */
	Nodes nodes;

	final List<SwrCacheManager> managers = new ArrayList<>();

	/** Redis errors a test provokes on purpose. */
	long expectedRemoteErrors;

	abstract AbstractRedisClient client();

	/**
	 * Raw commands, routed by key on a Cluster.
	 * @return the commands
	 */
	abstract RedisClusterCommands<byte[], byte[]> redis();

	/**
	 * The keys that match a pattern, from every master of a Cluster.
	 * @param pattern a {@code KEYS} pattern
	 * @return the key names
	 */
	abstract Set<String> keys(String pattern);

	@AfterEach
	void close() {
		this.threads.shutdownNow();
		try {
			long errors = 0;
			for (SwrCacheManager manager : this.managers) {
				for (String name : manager.cacheNames()) {
					errors += manager.getCache(name).statistics().remoteErrors();
				}
			}
			assertThat(errors).as("Redis errors counted by the caches").isEqualTo(this.expectedRemoteErrors);
		}
		finally {
			this.managers.forEach(SwrCacheManager::close);
			if (this.nodes != null) {
				this.nodes.close();
			}
		}
	}

	<K, V> List<SwrCache<K, V>> start(String name, Class<V> type) {
		// Commands wait longer than by default: these tests count every Redis error,
		// and the machine may be loaded.
		return start(name, type, Duration.ofSeconds(2));
	}

	<K, V> List<SwrCache<K, V>> start(String name, Class<V> type, Duration commandTimeout) {
		this.nodes = new Nodes(0, client(), this.clock, (builder) -> {
		});
		// A generous lock wait: 24 writers of one key queue for it on a loaded 2-core
		// machine.
		List<SwrCache<K, V>> caches = new ArrayList<>();
		for (int i = 0; i < NODES; i++) {
			SwrCacheManager manager = SwrCacheManager.builder()
				.nodeId("writer-" + i)
				.clock(this.clock)
				.remote(client(),
						this.nodes.options(RemoteOptions.builder())
							.lockWait(Duration.ofSeconds(30))
							.commandTimeout(commandTimeout)
							.build())
				.build();
			this.managers.add(manager);
			caches.add(manager.cache(name, type, this.policy));
		}
		return caches;
	}

	@Test
	void updatesFromEveryNodeAreAtomicAcrossTheCluster() throws Exception {
		List<SwrCache<String, Integer>> caches = start("counters", Integer.class);
		int perNode = 8;
		int updates = 50;
		List<Integer> results = onEveryNode(caches, perNode, (cache) -> {
			int last = 0;
			for (int i = 0; i < updates; i++) {
				last = cache.update("k", (current) -> (current != null) ? current + 1 : 1);
			}
			return last;
		});
		int total = NODES * perNode * updates;
		assertThat(results).hasSize(NODES * perNode).allSatisfy((last) -> assertThat(last).isBetween(updates, total));
		assertThat(results).contains(total);
		for (SwrCache<String, Integer> cache : caches) {
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(cache.get("k", (key) -> -1)).isEqualTo(total));
		}
		assertThat(caches.stream().mapToLong((cache) -> cache.statistics().puts()).sum()).isEqualTo(total);
		// No lock or waiters' flag is left beside the value.
		assertThat(keys(this.nodes.prefix + ":*")).containsExactly(this.nodes.dataKey("counters", "k"));
	}

	@Test
	void putIfAbsentRacedFromEveryNodeHasExactlyOneWinner() throws Exception {
		List<SwrCache<String, String>> caches = start("c", String.class);
		AtomicInteger ids = new AtomicInteger();
		List<String> results = onEveryNode(caches, 16, (cache) -> cache.putIfAbsent("k", "v" + ids.incrementAndGet()));
		String winner = caches.get(0).get("k", (key) -> "unexpected load");
		assertThat(winner).startsWith("v");
		assertThat(results).filteredOn((value) -> value == null).hasSize(1);
		assertThat(results).filteredOn((value) -> value != null).hasSize(NODES * 16 - 1).containsOnly(winner);
		for (SwrCache<String, String> cache : caches) {
			assertThat(cache.get("k", (key) -> "unexpected load")).isEqualTo(winner);
		}
	}

	@Test
	void replaceOfAnAbsentKeyWritesNothingAndOfAPresentOneReachesEveryNode() {
		List<SwrCache<String, String>> caches = start("c", String.class);
		assertThat(caches.get(0).replace("k", "x")).isFalse();
		assertThat(redis().exists(dataKey("c", "k"))).isZero();
		assertThat(keys(this.nodes.prefix + ":*")).isEmpty();
		caches.forEach((cache) -> assertThat(cache.get("k", (key) -> "loaded")).isEqualTo("loaded"));
		assertThat(caches.get(1).replace("k", "replaced")).isTrue();
		for (SwrCache<String, String> cache : caches) {
			await().atMost(Duration.ofSeconds(2))
				.untilAsserted(() -> assertThat(cache.get("k", (key) -> "unexpected load")).isEqualTo("replaced"));
		}
	}

	@Test
	void invalidationFromAnotherNodeWhileTheFunctionRunsWins() throws Exception {
		List<SwrCache<String, String>> caches = start("c", String.class);
		caches.get(0).put("k", "old");
		CountDownLatch inFunction = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<String> update = this.threads.submit(() -> caches.get(0).update("k", (current) -> {
			inFunction.countDown();
			awaitQuietly(release);
			return current + "+1";
		}));
		assertThat(inFunction.await(5, TimeUnit.SECONDS)).isTrue();
		caches.get(1).invalidate("k");
		release.countDown();
		assertThat(update).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(Exception.class)
			.havingCause()
			.isInstanceOf(SwrWriteConflictException.class)
			.withMessageContaining("lost its lock to an invalidation or write of the key; nothing was written");
		assertThat(redis().exists(dataKey("c", "k"))).isZero();
		AtomicInteger loads = new AtomicInteger();
		for (SwrCache<String, String> cache : caches) {
			assertThat(cache.get("k", (key) -> "fresh-" + loads.incrementAndGet())).isEqualTo("fresh-1");
		}
		assertThat(loads).hasValue(1);
	}

	@Test
	void putFromAnotherNodeWhileTheFunctionRunsWins() throws Exception {
		List<SwrCache<String, String>> caches = start("c", String.class);
		caches.get(0).put("k", "old");
		CountDownLatch inFunction = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<Boolean> update = this.threads.submit(() -> caches.get(0).update("k", (current) -> {
			inFunction.countDown();
			awaitQuietly(release);
			return current + "+1";
		}) != null);
		assertThat(inFunction.await(5, TimeUnit.SECONDS)).isTrue();
		caches.get(2).put("k", "written");
		release.countDown();
		assertThat(update).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(Exception.class)
			.havingCause()
			.isInstanceOf(SwrWriteConflictException.class);
		for (SwrCache<String, String> cache : caches) {
			await().atMost(Duration.ofSeconds(2))
				.untilAsserted(() -> assertThat(cache.get("k", (key) -> "unexpected load")).isEqualTo("written"));
		}
	}

	@Test
	void updateWaitsForALoadInProgressAndUpdatesItsValue() throws Exception {
		List<SwrCache<String, String>> caches = start("c", String.class);
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<String> load = this.threads.submit(() -> caches.get(0).get("k", (key) -> {
			loading.countDown();
			release.await();
			return "loaded";
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		Future<String> update = this.threads.submit(() -> caches.get(1).update("k", (current) -> current + "+1"));
		byte[] waitFlag = (this.nodes.dataKey("c", "k") + ":wait").getBytes(StandardCharsets.UTF_8);
		await().atMost(Duration.ofSeconds(5)).until(() -> redis().exists(waitFlag) == 1);
		assertThat(update.isDone()).isFalse();
		release.countDown();
		assertThat(load.get(5, TimeUnit.SECONDS)).isEqualTo("loaded");
		assertThat(update.get(5, TimeUnit.SECONDS)).isEqualTo("loaded+1");
		await().atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(caches.get(2).get("k", (key) -> "unexpected load")).isEqualTo("loaded+1"));
	}

	@Test
	void versionBumpOrphansTheEntriesOfTheOldVersion() {
		List<SwrCache<CacheKey, String>> caches = start("prices", String.class);
		CacheKey v1 = CacheKey.builder("price").ids(42, "EUR").build();
		CacheKey v2 = v1.toBuilder().version(2).build();
		AtomicInteger loads = new AtomicInteger();
		assertThat(caches.get(0).get(v1, (key) -> key + "#" + loads.incrementAndGet())).isEqualTo("price:v1:42,EUR#1");
		assertThat(caches.get(1).get(v1, (key) -> "unexpected load")).isEqualTo("price:v1:42,EUR#1");
		assertThat(redis().exists(dataKey("prices", "price:v1:42,EUR"))).isOne();
		assertThat(caches.get(1).get(v2, (key) -> key + "#" + loads.incrementAndGet())).isEqualTo("price:v2:42,EUR#2");
		assertThat(caches.get(2).get(v2, (key) -> "unexpected load")).isEqualTo("price:v2:42,EUR#2");
		assertThat(loads).hasValue(2);
		assertThat(keys(this.nodes.prefix + ":*")).containsExactlyInAnyOrder(
				this.nodes.dataKey("prices", "price:v1:42,EUR"), this.nodes.dataKey("prices", "price:v2:42,EUR"));
		// The old entry is never read again and ends with its Redis TTL.
		assertThat(redis().pttl(dataKey("prices", "price:v1:42,EUR"))).isBetween(1L, 60_000L);
	}

	@Test
	void invalidateAsyncCompletesOnceRedisAndTheOtherNodesHaveIt() throws Exception {
		List<SwrCache<String, String>> caches = start("c", String.class);
		caches.forEach((cache) -> cache.get("k", (key) -> "old"));
		caches.forEach((cache) -> assertThat(cache.peek("k").tier()).isEqualTo(CacheTier.LOCAL));
		CompletableFuture<Void> done = caches.get(0).invalidateAsync("k");
		assertThat(done.get(5, TimeUnit.SECONDS)).isNull();
		assertThat(redis().exists(dataKey("c", "k"))).isZero();
		for (SwrCache<String, String> cache : caches) {
			await().atMost(Duration.ofSeconds(2))
				.untilAsserted(() -> assertThat(cache.peek("k").state()).isEqualTo(EntryState.ABSENT));
		}
		caches.forEach((cache) -> cache.get("k", (key, context) -> {
			context.addTags("t");
			return "tagged";
		}));
		this.clock.advance(Duration.ofMillis(1));
		caches.get(1).invalidateTagAsync("t").get(5, TimeUnit.SECONDS);
		for (SwrCache<String, String> cache : caches) {
			await().atMost(Duration.ofSeconds(2))
				.untilAsserted(() -> assertThat(cache.peek("k").state()).isEqualTo(EntryState.ABSENT));
		}
		AtomicInteger loads = new AtomicInteger();
		caches.forEach((cache) -> cache.get("k", (key) -> "v" + loads.incrementAndGet()));
		assertThat(loads).hasValue(1);
		this.clock.advance(Duration.ofMillis(1));
		caches.get(2).invalidateAllAsync().get(5, TimeUnit.SECONDS);
		for (SwrCache<String, String> cache : caches) {
			await().atMost(Duration.ofSeconds(2))
				.untilAsserted(() -> assertThat(cache.peek("k").state()).isEqualTo(EntryState.ABSENT));
		}
	}

	static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	byte[] dataKey(String cache, String keyId) {
		return this.nodes.dataKey(cache, keyId).getBytes(StandardCharsets.UTF_8);
	}

	<K, V, T> List<T> onEveryNode(List<SwrCache<K, V>> caches, int perNode, CallerTask<K, V, T> task) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Future<T>> futures = new ArrayList<>();
		for (SwrCache<K, V> cache : caches) {
			for (int i = 0; i < perNode; i++) {
				futures.add(this.threads.submit(() -> {
					start.await();
					return task.call(cache);
				}));
			}
		}
		start.countDown();
		List<T> results = new ArrayList<>();
		for (Future<T> future : futures) {
			results.add(future.get(60, TimeUnit.SECONDS));
		}
		return results;
	}

	@FunctionalInterface
	interface CallerTask<K, V, T> {

		T call(SwrCache<K, V> cache) throws Exception;

	}

}

package io.github.swrcache.core;

import java.nio.charset.StandardCharsets;
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

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Four cache managers (four application instances, each with its own in-process tier and
 * Redis connections) on one real Redis, standalone or Cluster: the subclasses say which,
 * and every test asserts the same outcomes on both. The managers share a fake clock, so
 * windows are exact; only the bus and Redis run in real time.
 */
abstract class AbstractMultiNodeIntegrationTests {

	static final int NODES = 4;

	static final int THREADS_PER_NODE = 100;

	final FakeClock clock = new FakeClock();

	final CachePolicy policy = CachePolicy.builder()
		.ttl(Duration.ofSeconds(10))
		.staleWhileRevalidate(Duration.ofSeconds(20))
		.staleIfError(Duration.ofSeconds(30))
		.jitter(0)
		.build();

	final ExecutorService callers = Executors.newFixedThreadPool(NODES * THREADS_PER_NODE);

	Nodes nodes;

	/**
	 * The client the managers are given: a {@code RedisClient} or a
	 * {@code RedisClusterClient}.
	 * @return the client, shared by the tests of the class
	 */
	abstract AbstractRedisClient client();

	/**
	 * Raw commands for inspecting and corrupting keys, routed by key on a Cluster.
	 * @return the commands
	 */
	abstract RedisClusterCommands<byte[], byte[]> redis();

	/**
	 * Kills every pub/sub connection, on whichever node of a Cluster it is.
	 */
	abstract void killPubSubConnections();

	/**
	 * The keys that match a pattern, from every master of a Cluster.
	 * @param pattern a {@code KEYS} pattern
	 * @return the key names
	 */
	abstract Set<String> keys(String pattern);

	@AfterEach
	void close() {
		this.callers.shutdownNow();
		if (this.nodes != null) {
			try {
				// Fail-open would hide a command Redis refused (a CROSSSLOT on a Cluster,
				// say) behind a load: every test also says that none failed.
				assertThat(this.nodes.remoteErrors()).as("Redis errors counted by the caches").isZero();
			}
			finally {
				this.nodes.close();
			}
		}
	}

	List<SwrCache<String, String>> start() {
		this.nodes = new Nodes(NODES, client(), this.clock, (builder) -> {
		});
		return this.nodes.caches("products", String.class, this.policy);
	}

	byte[] dataKey(String key) {
		return this.nodes.dataKey("products", key).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Runs {@code perNode} callers on each node, all started together.
	 */
	<T> List<T> onEveryNode(List<SwrCache<String, String>> caches, int perNode, CallerTask<T> task) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Future<T>> futures = new ArrayList<>();
		for (SwrCache<String, String> cache : caches) {
			for (int i = 0; i < perNode; i++) {
				futures.add(this.callers.submit(() -> {
					start.await();
					return task.call(cache);
				}));
			}
		}
		start.countDown();
		List<T> results = new ArrayList<>();
		for (Future<T> future : futures) {
			results.add(future.get(30, TimeUnit.SECONDS));
		}
		return results;
	}

	@Test
	void coldKeyIsLoadedOnceForTheWholeCluster() throws Exception {
		List<SwrCache<String, String>> caches = start();
		AtomicInteger loads = new AtomicInteger();
		List<String> results = onEveryNode(caches, THREADS_PER_NODE, (cache) -> cache.get("hot", (key) -> {
			loads.incrementAndGet();
			Thread.sleep(300);
			return "value";
		}));
		assertThat(results).hasSize(NODES * THREADS_PER_NODE).containsOnly("value");
		assertThat(loads).hasValue(1);
		long locksAcquired = caches.stream().mapToLong((cache) -> cache.statistics().locksAcquired()).sum();
		assertThat(locksAcquired).isEqualTo(1);
		// The lock and the waiters' flag are gone with the write: only the value is left.
		assertThat(keys(this.nodes.prefix + ":*")).containsExactly(this.nodes.dataKey("products", "hot"));
	}

	@Test
	void staleKeyIsRefreshedOnceForTheWholeClusterWhileEveryCallerGetsTheStaleValue() throws Exception {
		List<SwrCache<String, String>> caches = start();
		caches.get(0).put("hot", "old");
		for (SwrCache<String, String> cache : caches) {
			assertThat(cache.get("hot", (key) -> "unexpected load")).isEqualTo("old");
		}
		this.clock.advance(Duration.ofSeconds(10));
		AtomicInteger loads = new AtomicInteger();
		CountDownLatch release = new CountDownLatch(1);
		Loader<String, String> slow = (key) -> {
			loads.incrementAndGet();
			release.await();
			return "new";
		};
		// The refresh cannot finish before all callers returned: no caller waited for it.
		List<String> results = onEveryNode(caches, THREADS_PER_NODE, (cache) -> cache.get("hot", slow));
		assertThat(results).hasSize(NODES * THREADS_PER_NODE).containsOnly("old");
		release.countDown();
		for (SwrCache<String, String> cache : caches) {
			await().untilAsserted(() -> assertThat(cache.get("hot", slow)).isEqualTo("new"));
		}
		assertThat(loads).hasValue(1);
	}

	@Test
	void invalidationOnOneNodeStopsTheOthersServingTheOldValueWithin100Milliseconds() {
		List<SwrCache<String, String>> caches = start();
		caches.forEach((cache) -> cache.get("k", (key) -> "old"));
		caches.forEach((cache) -> assertThat(cache.peek("k").tier()).isEqualTo(CacheTier.LOCAL));
		caches.get(0).invalidate("k");
		for (SwrCache<String, String> cache : caches) {
			await().atMost(Duration.ofMillis(100))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(5))
				.untilAsserted(() -> assertThat(cache.peek("k").state()).isEqualTo(EntryState.ABSENT));
		}
		assertThat(redis().get(dataKey("k"))).isNull();
		assertThat(caches.get(3).get("k", (key) -> "new")).isEqualTo("new");
		assertThat(caches.get(1).get("k", (key) -> "unexpected load")).isEqualTo("new");
	}

	@Test
	void putOnOneNodeIsReadByTheOthers() {
		List<SwrCache<String, String>> caches = start();
		caches.forEach((cache) -> cache.get("k", (key) -> "old"));
		caches.get(2).put("k", "written");
		for (SwrCache<String, String> cache : caches) {
			await().atMost(Duration.ofMillis(100))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(5))
				.untilAsserted(() -> assertThat(cache.get("k", (key) -> "unexpected load")).isEqualTo("written"));
		}
	}

	@Test
	void tagAndClearInvalidationsReachEveryNode() {
		List<SwrCache<String, String>> caches = start();
		for (SwrCache<String, String> cache : caches) {
			cache.get("a", (key, context) -> {
				context.addTags("tenant:7");
				return "a1";
			});
			cache.get("b", (key) -> "b1");
		}
		this.clock.advance(Duration.ofMillis(1));
		caches.get(1).invalidateTag("tenant:7");
		for (SwrCache<String, String> cache : caches) {
			await().atMost(Duration.ofMillis(100))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(5))
				.untilAsserted(() -> assertThat(cache.peek("a").state()).isEqualTo(EntryState.ABSENT));
			assertThat(cache.peek("b").state()).isEqualTo(EntryState.FRESH);
		}
		this.clock.advance(Duration.ofMillis(1));
		caches.get(3).invalidateAll();
		for (SwrCache<String, String> cache : caches) {
			await().atMost(Duration.ofMillis(100))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(5))
				.untilAsserted(() -> assertThat(cache.peek("b").state()).isEqualTo(EntryState.ABSENT));
		}
	}

	@Test
	void nodeStartedAfterAnInvalidationStillHonoursIt() {
		List<SwrCache<String, String>> caches = start();
		caches.get(0).get("a", (key, context) -> {
			context.addTags("tenant:7");
			return "a1";
		});
		this.clock.advance(Duration.ofMillis(1));
		caches.get(0).invalidateTag("tenant:7");
		try (SwrCacheManager late = SwrCacheManager.builder()
			.nodeId("late")
			.clock(this.clock)
			.remote(client(), RemoteOptions.builder().keyPrefix(this.nodes.prefix).clockSync(false).build())
			.build()) {
			SwrCache<String, String> cache = late.cache("products", String.class, this.policy);
			// Redis still holds the tagged entry; the mark loaded at start makes it
			// invalid.
			assertThat(redis().get(dataKey("a"))).isNotNull();
			assertThat(cache.get("a", (key) -> "reloaded")).isEqualTo("reloaded");
		}
	}

	@Test
	void entryInvalidatedByATagIsReplacedInRedisByTheNextLoad() {
		List<SwrCache<String, String>> caches = start();
		caches.get(0).get("a", (key, context) -> {
			context.addTags("tenant:7");
			return "a1";
		});
		this.clock.advance(Duration.ofMillis(1));
		caches.get(1).invalidateTag("tenant:7");
		this.clock.advance(Duration.ofMillis(1));
		// The mark reaches node 2 by the bus (the documented bound of an invalidation)
		awaitWithin100Millis(() -> assertThat(caches.get(2).peek("a").state()).isEqualTo(EntryState.ABSENT));
		// Redis still holds the tagged entry, which no node may serve, while no node
		// holds the lock: the next load takes it at once and replaces the entry.
		assertThat(caches.get(2).get("a", (key) -> "a2")).isEqualTo("a2");
		assertThat(caches.get(3).get("a", (key) -> "unexpected load")).isEqualTo("a2");
		assertThat(caches.stream().mapToLong((cache) -> cache.statistics().lockWaitTimeouts()).sum()).isZero();
	}

	@Test
	void entryInvalidatedByAClearIsReplacedInRedisByTheNextLoad() {
		List<SwrCache<String, String>> caches = start();
		caches.get(0).get("a", (key) -> "a1");
		this.clock.advance(Duration.ofMillis(1));
		caches.get(1).invalidateAll();
		this.clock.advance(Duration.ofMillis(1));
		awaitWithin100Millis(() -> assertThat(caches.get(2).peek("a").state()).isEqualTo(EntryState.ABSENT));
		assertThat(caches.get(2).get("a", (key) -> "a2")).isEqualTo("a2");
		assertThat(caches.get(3).get("a", (key) -> "unexpected load")).isEqualTo("a2");
		assertThat(caches.stream().mapToLong((cache) -> cache.statistics().lockWaitTimeouts()).sum()).isZero();
	}

	@Test
	void loadThatRacedAnInvalidationNeverWritesTheOldValueBack() throws Exception {
		List<SwrCache<String, String>> caches = start();
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<String> slow = this.callers.submit(() -> caches.get(0).get("k", (key) -> {
			loading.countDown();
			release.await();
			return "old";
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		caches.get(1).invalidate("k");
		release.countDown();
		assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("old");
		assertThat(keys(this.nodes.prefix + ":*")).isEmpty();
		assertThat(caches.get(0).peek("k").state()).isEqualTo(EntryState.ABSENT);
		assertThat(caches.get(2).get("k", (key) -> "new")).isEqualTo("new");
	}

	@Test
	void getAllMixesWarmStaleMissingAndLockedElsewhereKeysWithOneBulkLoad() throws Exception {
		List<SwrCache<String, String>> caches = start();
		SwrCache<String, String> reader = caches.get(0);
		reader.put("warm", "warm1");
		reader.put("stale", "stale1");
		this.clock.advance(Duration.ofSeconds(10));
		reader.put("warm", "warm2");
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<String> elsewhere = this.callers.submit(() -> caches.get(1).get("locked", (key) -> {
			loading.countDown();
			release.await();
			return "locked-by-node-1";
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		List<Set<String>> bulkCalls = new CopyOnWriteArrayList<>();
		Future<Map<String, String>> all = this.callers
			.submit(() -> reader.getAll(List.of("warm", "stale", "missing1", "locked", "missing2"), (keys) -> {
				bulkCalls.add(Set.copyOf(keys));
				Map<String, String> values = new java.util.HashMap<>();
				keys.forEach((key) -> values.put(key, "bulk-" + key));
				return values;
			}));
		await().until(() -> !bulkCalls.isEmpty());
		Thread.sleep(100);
		assertThat(all).isNotDone();
		release.countDown();
		assertThat(all.get(10, TimeUnit.SECONDS)).containsExactly(entry("warm", "warm2"), entry("stale", "stale1"),
				entry("missing1", "bulk-missing1"), entry("locked", "locked-by-node-1"),
				entry("missing2", "bulk-missing2"));
		assertThat(elsewhere.get(5, TimeUnit.SECONDS)).isEqualTo("locked-by-node-1");
		assertThat(bulkCalls.get(0)).containsExactlyInAnyOrder("missing1", "missing2");
		await().untilAsserted(() -> assertThat(bulkCalls).hasSize(2));
		assertThat(bulkCalls.get(1)).containsExactly("stale");
	}

	@Test
	void whenTheLockHolderDiesTheNextCallerLoadsAfterTheLease() {
		List<SwrCache<String, String>> caches = start();
		byte[] lock = (this.nodes.dataKey("products", "k") + ":lock").getBytes(StandardCharsets.UTF_8);
		redis().set(lock, "dead-node-token".getBytes(StandardCharsets.UTF_8), SetArgs.Builder.px(300));
		long started = System.nanoTime();
		assertThat(caches.get(0).get("k", (key) -> "loaded")).isEqualTo("loaded");
		long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		assertThat(waitedMillis).isBetween(250L, 4_000L);
		assertThat(caches.get(0).statistics().lockWaitTimeouts()).isZero();
		assertThat(caches.get(1).get("k", (key) -> "unexpected load")).isEqualTo("loaded");
	}

	@Test
	void killedBusConnectionMakesTheNodeDropItsLocalEntries() {
		List<SwrCache<String, String>> caches = start();
		caches.forEach((cache) -> cache.get("k", (key) -> "v"));
		caches.forEach((cache) -> assertThat(cache.peek("k").tier()).isEqualTo(CacheTier.LOCAL));
		killPubSubConnections();
		for (SwrCache<String, String> cache : caches) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(cache.peek("k").tier()).isEqualTo(CacheTier.REMOTE));
		}
		caches.get(0).invalidate("k");
		for (SwrCache<String, String> cache : caches) {
			await().atMost(Duration.ofMillis(500))
				.untilAsserted(() -> assertThat(cache.get("k", (key) -> "after")).isEqualTo("after"));
		}
	}

	@Test
	void garbageUnderACacheKeyIsAMissThatIsDeletedAndReloaded() {
		List<SwrCache<String, String>> caches = start();
		redis().set(dataKey("k"), new byte[] { 1, 2, 3, (byte) 0xFF });
		AtomicInteger loads = new AtomicInteger();
		assertThat(caches.get(0).get("k", (key) -> "v" + loads.incrementAndGet())).isEqualTo("v1");
		assertThat(loads).hasValue(1);
		assertThat(caches.get(0).statistics().decodeFailures()).isEqualTo(1);
		assertThat(caches.get(1).get("k", (key) -> "unexpected load")).isEqualTo("v1");
		assertThat(redis().get(dataKey("k"))[0]).isEqualTo((byte) '1');
	}

	@Test
	void genericValuesRoundTripThroughRedisAsTheDeclaredType() throws Exception {
		this.nodes = new Nodes(2, client(), this.clock, (builder) -> {
		});
		java.lang.reflect.Type type = AbstractMultiNodeIntegrationTests.class.getDeclaredMethod("products")
			.getGenericReturnType();
		SwrCache<String, List<Product>> writer = this.nodes.node(0).cache("lists", type, this.policy);
		SwrCache<String, List<Product>> reader = this.nodes.node(1).cache("lists", type, this.policy);
		List<Product> products = List.of(new Product(1, "pen"), new Product(2, "ink"));
		writer.put("all", products);
		List<Product> read = reader.get("all", (key) -> List.of());
		assertThat(read).isEqualTo(products);
		assertThat(read.get(0)).isInstanceOf(Product.class);
		assertThat(reader.peek("all").tier()).isEqualTo(CacheTier.LOCAL);
	}

	@SuppressWarnings("unused")
	private List<Product> products() {
		return List.of();
	}

	record Product(long id, String name) {
	}

	@FunctionalInterface
	interface CallerTask<T> {

		T call(SwrCache<String, String> cache) throws Exception;

	}

	/**
	 * Waits for an invalidation to reach a node: the documented bound is the bus
	 * delivery, which takes milliseconds.
	 */
	protected static void awaitWithin100Millis(org.awaitility.core.ThrowingRunnable assertion) {
		await().atMost(Duration.ofMillis(100))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(5))
			.untilAsserted(assertion);
	}

	@Test
	void nodeThatFindsTheKeyLockedElsewherePublishesLockContendedThenARemoteHit() throws Exception {
		List<SwrCache<String, String>> caches = start();
		List<io.github.swrcache.core.event.CacheEvent> waiterEvents = new CopyOnWriteArrayList<>();
		caches.get(1).eventPublisher().onEvent(waiterEvents::add);
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<String> owner = this.callers.submit(() -> caches.get(0).get("contended", (key) -> {
			loading.countDown();
			release.await();
			return "from-owner";
		}));
		assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
		Future<String> waiter = this.callers.submit(() -> caches.get(1).get("contended", (key) -> "from-waiter"));
		await().atMost(Duration.ofSeconds(5)).until(() -> !waiterEvents.isEmpty());
		release.countDown();
		assertThat(owner.get(5, TimeUnit.SECONDS)).isEqualTo("from-owner");
		assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("from-owner");
		assertThat(waiterEvents).extracting(io.github.swrcache.core.event.CacheEvent::type)
			.containsExactly(io.github.swrcache.core.event.SwrCacheEvent.Type.LOCK_CONTENDED,
					io.github.swrcache.core.event.SwrCacheEvent.Type.HIT);
	}

}

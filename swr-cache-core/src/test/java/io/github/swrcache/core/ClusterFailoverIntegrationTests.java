package io.github.swrcache.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.swrcache.core.testsupport.RedisCluster;
import io.github.swrcache.core.testsupport.RedisClusterExtension;
import io.github.swrcache.core.testsupport.RedisServer;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions.RefreshTrigger;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A master of a Cluster with replicas is killed ({@code SIGKILL}) while callers on four
 * managers read keys that have values: none sees an error or a wrong value while its
 * replica is promoted, and writes and invalidations work again once it is.
 */
class ClusterFailoverIntegrationTests {

	@RegisterExtension
	static final RedisClusterExtension extension = new RedisClusterExtension(3, 1);

	private static final int READERS_PER_NODE = 2;

	private static RedisCluster cluster;

	private static RedisClusterClient client;

	private static StatefulRedisClusterConnection<byte[], byte[]> raw;

	private final FakeClock clock = new FakeClock();

	private final CachePolicy policy = CachePolicy.builder()
		.ttl(Duration.ofSeconds(10))
		.staleWhileRevalidate(Duration.ofSeconds(20))
		.staleIfError(Duration.ofSeconds(30))
		.jitter(0)
		.build();

	@BeforeAll
	static void connect(RedisCluster redisCluster) {
		cluster = redisCluster;
		client = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
		// The user's client configuration for a Cluster that fails over: Lettuce
		// routes by the topology it knows, and learns a new one only when it
		// refreshes it. Adaptive triggers (all of them, as the deprecated
		// enableAllAdaptiveRefreshTriggers() did) refresh as soon as the killed
		// master stops answering; that view still shows it as master, so the
		// periodic refresh catches the promotion that follows, and the rate limit
		// of adaptive refreshes is lowered from 30 seconds so that one can too.
		// Without these options reads pass all the same, but writes to the
		// promoted replica's slots failed for some 6 s after the promotion here;
		// with them, for under a second.
		client.setOptions(ClusterClientOptions.builder()
			.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
				.enableAdaptiveRefreshTrigger(RefreshTrigger.values())
				.adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
				.enablePeriodicRefresh(Duration.ofSeconds(1))
				.build())
			.build());
		raw = client.connect(ByteArrayCodec.INSTANCE);
	}

	@AfterAll
	static void disconnect() {
		if (client != null) {
			try {
				if (raw != null) {
					raw.close();
				}
			}
			finally {
				client.shutdown();
			}
		}
	}

	@Test
	void readersOfKeysWithValuesSeeNoErrorWhileAKilledMasterIsReplacedByItsReplica() throws Exception {
		try (Nodes nodes = new Nodes(4, client, this.clock, (builder) -> {
		})) {
			List<SwrCache<String, String>> caches = nodes.caches("products", String.class, this.policy);
			List<String> keys = IntStream.range(0, 12).mapToObj((i) -> "key-" + i).toList();
			Map<RedisServer, List<String>> byMaster = keys.stream()
				.collect(Collectors.groupingBy((key) -> cluster.masterFor(nodes.dataKey("products", key))));
			assertThat(byMaster).hasSize(3);
			keys.forEach((key) -> caches.get(0).put(key, "v-" + key));
			for (SwrCache<String, String> cache : caches) {
				keys.forEach((key) -> assertThat(cache.get(key, (k) -> "unexpected load")).isEqualTo("v-" + key));
			}
			// The victim is the master most bus connections are on: those managers
			// subscribe again elsewhere and drop their in-process entries, so their
			// readers go to Redis while the victim's slots have no master.
			byte[] channel = (nodes.prefix + ":__bus").getBytes(StandardCharsets.UTF_8);
			RedisServer victim = byMaster.keySet()
				.stream()
				.max(Comparator.comparingLong((master) -> subscribers(master, channel)))
				.orElseThrow();
			long resubscribing = subscribers(victim, channel);
			assertThat(resubscribing).isPositive();
			Set<String> victimKeys = Set.copyOf(byMaster.get(victim));
			String victimKey = byMaster.get(victim).get(0);
			// A key of the victim's slots that the readers leave alone, for the writes.
			String written = IntStream.range(0, 1000)
				.mapToObj((i) -> "written-" + i)
				.filter((key) -> cluster.masterFor(nodes.dataKey("products", key)).equals(victim))
				.findFirst()
				.orElseThrow();

			Readers readers = new Readers(caches, keys);
			try {
				readers.start();
				readers.awaitReads(1_000);
				long killedAt = System.nanoTime();
				victim.kill();
				RedisServer promoted = await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> cluster.masterFor(nodes.dataKey("products", victimKey)),
							(master) -> !master.equals(victim) && master.isRunning());
				long promotedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
				readers.awaitReads(readers.reads() + 1_000);

				// Writes land on the promoted replica once Lettuce has its new topology.
				AtomicInteger attempt = new AtomicInteger();
				await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
					String value = "w" + attempt.incrementAndGet();
					caches.get(1).put(written, value);
					CacheLookup<String> lookup = caches.get(2).peek(written);
					assertThat(lookup.tier()).isEqualTo(CacheTier.REMOTE);
					assertThat(lookup.value()).isEqualTo(value);
				});
				String value = "w" + attempt.get();
				assertThat(raw.getConnection("127.0.0.1", promoted.port())
					.sync()
					.exists(nodes.dataKey("products", written).getBytes(StandardCharsets.UTF_8))).isEqualTo(1);
				assertThat(caches.get(2).get(written, (k) -> "unexpected load")).isEqualTo(value);
				assertThat(caches.get(3).get(written, (k) -> "unexpected load")).isEqualTo(value);
				// Invalidations reach Redis and every node's bus again.
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					caches.get(2).get(written, (k) -> value);
					caches.get(3).get(written, (k) -> value);
					caches.get(0).invalidate(written);
					assertThat(caches.get(2).peek(written).state()).isEqualTo(EntryState.ABSENT);
					assertThat(caches.get(3).peek(written).state()).isEqualTo(EntryState.ABSENT);
				});
				assertThat(raw.sync().get(nodes.dataKey("products", written).getBytes(StandardCharsets.UTF_8)))
					.isNull();
				readers.awaitReads(readers.reads() + 1_000);
				readers.stop();
				assertThat(readers.errors).as("errors of readers (failover took %d ms)", promotedAfter).isEmpty();
				assertThat(readers.wrong).as("wrong values read").isEmpty();
				// Only a manager that dropped its entries, and only for a key whose
				// master
				// was gone, had to load: at most once, as its load stays in-process.
				assertThat(readers.loads.keySet()).as("keys loaded again").isSubsetOf(victimKeys);
				assertThat(readers.loads.values()).as("loads of each key")
					.allSatisfy((loads) -> assertThat(loads.get()).isLessThanOrEqualTo((int) resubscribing));
				// Every value is still in Redis, on the promoted replica for the victim's
				// slots: a manager started now reads them all without loading.
				try (SwrCacheManager late = SwrCacheManager.builder()
					.nodeId("late")
					.clock(this.clock)
					.remote(client, nodes.options(RemoteOptions.builder()).build())
					.build()) {
					SwrCache<String, String> cache = late.cache("products", String.class, this.policy);
					keys.forEach((key) -> assertThat(cache.get(key, (k) -> "unexpected load")).isEqualTo("v-" + key));
					assertThat(cache.statistics().remoteErrors()).isZero();
				}
			}
			finally {
				readers.stop();
			}
		}
	}

	private static long subscribers(RedisServer node, byte[] channel) {
		return raw.getConnection("127.0.0.1", node.port()).sync().pubsubNumsub(channel).values().iterator().next();
	}

	/**
	 * Threads on every node that read every key in a loop, and record what is not the
	 * value that was put.
	 */
	private static final class Readers {

		final List<Throwable> errors = new CopyOnWriteArrayList<>();

		final List<String> wrong = new CopyOnWriteArrayList<>();

		final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();

		private final List<SwrCache<String, String>> caches;

		private final List<String> keys;

		private final ExecutorService threads;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong reads = new AtomicLong();

		private final List<Future<?>> futures = new ArrayList<>();

		Readers(List<SwrCache<String, String>> caches, List<String> keys) {
			this.caches = caches;
			this.keys = keys;
			this.threads = Executors.newFixedThreadPool(caches.size() * READERS_PER_NODE);
		}

		void start() {
			CountDownLatch started = new CountDownLatch(1);
			for (SwrCache<String, String> cache : this.caches) {
				for (int i = 0; i < READERS_PER_NODE; i++) {
					this.futures.add(this.threads.submit(() -> {
						started.await();
						readUntilStopped(cache);
						return null;
					}));
				}
			}
			started.countDown();
		}

		long reads() {
			return this.reads.get();
		}

		void awaitReads(long count) {
			await().atMost(Duration.ofSeconds(30)).until(() -> this.reads.get() >= count);
		}

		void stop() throws Exception {
			if (this.running.getAndSet(false)) {
				for (Future<?> future : this.futures) {
					future.get(10, TimeUnit.SECONDS);
				}
				this.threads.shutdown();
			}
		}

		private void readUntilStopped(SwrCache<String, String> cache) throws InterruptedException {
			while (this.running.get()) {
				for (String key : this.keys) {
					try {
						String value = cache.get(key, (k) -> {
							this.loads.computeIfAbsent(k, (any) -> new AtomicInteger()).incrementAndGet();
							return "v-" + k;
						});
						if (!("v-" + key).equals(value)) {
							this.wrong.add(key + "=" + value);
						}
					}
					catch (Throwable ex) {
						this.errors.add(ex);
					}
					this.reads.incrementAndGet();
				}
				// Readers that never yield would starve the promotion on a small machine.
				Thread.sleep(1);
			}
		}

	}

}

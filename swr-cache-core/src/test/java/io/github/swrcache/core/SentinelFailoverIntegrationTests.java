package io.github.swrcache.core;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.github.swrcache.core.testsupport.RedisSentinel;
import io.github.swrcache.core.testsupport.RedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Sentinel-monitored master is killed ({@code SIGKILL}) while callers on three managers
 * read keys that have values and keys that must be loaded: none sees an error or a wrong
 * value while Sentinel promotes the replica, and the same managers, not rebuilt, use the
 * promoted replica for reads, writes and invalidations once their circuits close again.
 * The Lettuce {@link RedisClient} is given a Sentinel URI, so that every reconnect asks
 * Sentinel for the current master.
 */
class SentinelFailoverIntegrationTests {

	private static final String MASTER_NAME = "mymaster";

	private static final CircuitBreakerSettings FAST_CIRCUIT = new CircuitBreakerSettings(50, 80,
			Duration.ofMillis(200), 10, 5, Duration.ofMillis(500), 2);

	private static final int NODES = 3;

	private static final int READERS_PER_NODE = 2;

	private static final List<String> WARM_KEYS = IntStream.range(0, 10).mapToObj((i) -> "warm-" + i).toList();

	private final CachePolicy policy = CachePolicy.builder()
		.ttl(Duration.ofMinutes(10))
		.staleWhileRevalidate(Duration.ofMinutes(10))
		.staleIfError(Duration.ofMinutes(10))
		.jitter(0)
		.build();

	private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);

	private final List<SwrCacheManager> managers = new ArrayList<>();

	private RedisServer master;

	private RedisServer replica;

	private RedisSentinel sentinel;

	private ClientResources resources;

	private RedisClient admin;

	private StatefulRedisSentinelConnection<String, String> sentinelConnection;

	private RedisClient client;

	private Readers readers;

	private Timeline timeline;

	@BeforeEach
	void start() {
		this.master = RedisServer.start();
		this.replica = RedisServer.start("--replicaof", "127.0.0.1", String.valueOf(this.master.port()));
		// The application's client configuration: reconnect quickly after an outage.
		this.resources = DefaultClientResources.builder()
			.reconnectDelay(Delay.constant(Duration.ofMillis(100)))
			.build();
		// Direct connections to each server and to the Sentinel, for the checks.
		this.admin = RedisClient.create(this.resources);
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> info(this.replica, "replication").contains("master_link_status:up"));
		this.sentinel = RedisSentinel.start(MASTER_NAME, this.master.port(), Duration.ofSeconds(1),
				Duration.ofSeconds(3));
		this.sentinelConnection = this.admin.connectSentinel(RedisURI.create(this.sentinel.uri()));
		// The Sentinel knows the master and has checked the replica it could promote.
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			Map<String, String> monitored = this.sentinelConnection.sync().master(MASTER_NAME);
			assertThat(monitored).containsEntry("flags", "master")
				.containsEntry("port", String.valueOf(this.master.port()))
				.containsEntry("num-slaves", "1");
			List<Map<String, String>> replicas = this.sentinelConnection.sync().replicas(MASTER_NAME);
			assertThat(replicas).singleElement()
				.satisfies((known) -> assertThat(known).containsEntry("flags", "slave")
					.containsEntry("port", String.valueOf(this.replica.port()))
					.containsEntry("master-link-status", "ok"));
		});
		this.client = RedisClient.create(this.resources,
				RedisURI.Builder.sentinel("127.0.0.1", this.sentinel.port(), MASTER_NAME).build());
		this.client.setOptions(ClientOptions.builder().autoReconnect(true).build());
	}

	@AfterEach
	void stop() throws Exception {
		List<AutoCloseable> closing = new ArrayList<>();
		closing.add(this.readers);
		closing.add(this.timeline);
		closing.addAll(this.managers);
		closing.add((this.client != null) ? this.client::shutdown : null);
		closing.add(this.sentinelConnection);
		closing.add((this.admin != null) ? this.admin::shutdown : null);
		closing.add((this.resources != null) ? () -> this.resources.shutdown().get(10, TimeUnit.SECONDS) : null);
		closing.add(this.sentinel);
		closing.add(this.replica);
		closing.add(this.master);
		Exception failure = null;
		for (AutoCloseable closeable : closing) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	private SwrCacheManager node() {
		SwrCacheManager manager = SwrCacheManager.builder()
			.nodeId("node-" + this.managers.size())
			.remote(this.client,
					RemoteOptions.builder()
						.keyPrefix(this.prefix)
						.commandTimeout(Duration.ofMillis(250))
						.circuitBreaker(FAST_CIRCUIT)
						.build())
			.build();
		this.managers.add(manager);
		return manager;
	}

	@Test
	void managersSurviveASentinelFailoverWithoutCallerErrorsAndUseThePromotedReplica() throws Exception {
		List<SwrCache<String, String>> caches = new ArrayList<>();
		for (int i = 0; i < NODES; i++) {
			caches.add(node().cache("products", String.class, this.policy));
		}
		assertThat(this.managers).allSatisfy((manager) -> {
			assertThat(manager.remoteStatus().mode()).isEqualTo("standalone");
			assertThat(manager.remoteStatus().connected()).isTrue();
		});
		// Warm keys: put on one node, read from Redis by the others.
		WARM_KEYS.forEach((key) -> caches.get(0).put(key, "v-" + key));
		for (SwrCache<String, String> cache : caches.subList(1, NODES)) {
			for (String key : WARM_KEYS) {
				assertThat(cache.peek(key).tier()).isEqualTo(CacheTier.REMOTE);
				assertThat(cache.get(key, (k) -> "unexpected load")).isEqualTo("v-" + key);
			}
		}
		assertThat(caches).allSatisfy((cache) -> assertThat(cache.statistics().loadSuccesses()).isZero());
		try (StatefulRedisConnection<String, String> toMaster = this.admin
			.connect(RedisURI.create(this.master.uri()))) {
			// Everything written so far has reached the replica that will be promoted.
			assertThat(toMaster.sync().waitForReplication(1, 5_000)).isEqualTo(1);
		}

		this.readers = new Readers(caches);
		this.readers.start();
		this.readers.awaitReads(500);
		this.timeline = new Timeline(this.managers);
		Timeline timeline = this.timeline;
		long readsBeforeKill = this.readers.reads();
		timeline.start();
		this.master.kill();

		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.sentinelConnection.sync().getMasterAddrByName(MASTER_NAME),
					(address) -> ((InetSocketAddress) address).getPort() == this.replica.port());
		long promotedAfter = timeline.elapsedMillis();
		assertThat(info(this.replica, "replication")).contains("role:master");
		// The same managers, not rebuilt, are back on the promoted replica.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
			for (SwrCacheManager manager : this.managers) {
				RemoteStatus status = manager.remoteStatus();
				assertThat(status.circuitState()).isEqualTo("CLOSED");
				assertThat(status.connected()).isTrue();
				assertThat(status.busSubscribed()).isTrue();
				assertThat(status.busResubscriptions()).isEqualTo(1);
				assertThat(status.pendingInvalidations()).isZero();
			}
		});
		long recoveredAfter = timeline.elapsedMillis();
		long readsDuringFailover = this.readers.reads() - readsBeforeKill;
		this.readers.awaitReads(this.readers.reads() + 500);
		this.readers.stop();
		timeline.close();
		String summary = String.format(
				"kill -> circuits opened after %s ms, master promoted after %d ms, all circuits closed "
						+ "after %d ms (last seen open after %s ms); %d reads during the failover, %d fresh loads, "
						+ "warm-key loads %s",
				timeline.firstOpen, promotedAfter, recoveredAfter, timeline.lastOpen, readsDuringFailover,
				this.readers.freshLoads.get(), this.readers.warmLoads);
		System.out.println("Sentinel failover: " + summary);

		assertThat(this.readers.errors).as("caller errors (%s)", summary).isEmpty();
		assertThat(this.readers.wrong).as("wrong values read (%s)", summary).isEmpty();
		assertThat(readsDuringFailover).as("reads served during the failover").isGreaterThan(100);
		// Every reader's new keys missed everywhere and were loaded exactly once.
		assertThat(this.readers.freshLoads).as("loads of new keys").hasValue(this.readers.freshReads.get());
		// Each node's circuit opened while the master was gone.
		assertThat(timeline.firstOpen).as("circuits opened (%s)", summary)
			.allSatisfy((millis) -> assertThat(millis).isNotNegative());
		// A warm key is loaded at most once per node: only while its in-process tier was
		// dropped by the bus re-subscribing before the circuit closed.
		assertThat(this.readers.warmLoads.values()).as("loads of each warm key")
			.allSatisfy((loads) -> assertThat(loads.get()).isLessThanOrEqualTo(NODES));

		// Every warm value is on the promoted replica.
		try (StatefulRedisConnection<String, String> toPromoted = this.admin
			.connect(RedisURI.create(this.replica.uri()))) {
			for (String key : WARM_KEYS) {
				assertThat(toPromoted.sync().exists(dataKey(key))).as(key).isEqualTo(1);
			}
			// A put on one node is read by another from Redis, without a load.
			caches.get(0).put("after", "written after the failover");
			assertThat(toPromoted.sync().exists(dataKey("after"))).isEqualTo(1);
			CacheLookup<String> lookup = caches.get(1).peek("after");
			assertThat(lookup.tier()).isEqualTo(CacheTier.REMOTE);
			assertThat(lookup.value()).isEqualTo("written after the failover");
			assertThat(caches.get(1).get("after", (k) -> "unexpected load")).isEqualTo("written after the failover");
			assertThat(caches.get(2).get("after", (k) -> "unexpected load")).isEqualTo("written after the failover");
			assertThat(caches.get(1).peek("after").tier()).isEqualTo(CacheTier.LOCAL);
			assertThat(caches.get(2).peek("after").tier()).isEqualTo(CacheTier.LOCAL);
			// An invalidation on one node reaches the others over the bus, and Redis.
			caches.get(0).invalidate("after");
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(caches.get(1).peek("after").state()).isEqualTo(EntryState.ABSENT);
				assertThat(caches.get(2).peek("after").state()).isEqualTo(EntryState.ABSENT);
			});
			assertThat(toPromoted.sync().exists(dataKey("after"))).isZero();
			// A load on one node is shared through the promoted replica.
			assertThat(caches.get(2).get("loaded-after", (k) -> "v-" + k)).isEqualTo("v-loaded-after");
			assertThat(caches.get(0).get("loaded-after", (k) -> "unexpected load")).isEqualTo("v-loaded-after");
		}
		assertThat(this.managers).allSatisfy((manager) -> {
			assertThat(manager.remoteStatus().circuitState()).isEqualTo("CLOSED");
			assertThat(manager.remoteStatus().connected()).isTrue();
		});
	}

	private String dataKey(String key) {
		return this.prefix + ":products:1:{" + key + "}";
	}

	private String info(RedisServer server, String section) {
		try (StatefulRedisConnection<String, String> connection = this.admin.connect(RedisURI.create(server.uri()))) {
			return connection.sync().info(section);
		}
	}

	/**
	 * When, after the kill, each manager's circuit was first and last seen not closed,
	 * sampled every 10 ms; -1 if never.
	 */
	private static final class Timeline implements AutoCloseable {

		final List<Long> firstOpen;

		final List<Long> lastOpen;

		private final List<SwrCacheManager> managers;

		private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

		private long start;

		Timeline(List<SwrCacheManager> managers) {
			this.managers = managers;
			this.firstOpen = new CopyOnWriteArrayList<>(Collections.nCopies(managers.size(), -1L));
			this.lastOpen = new CopyOnWriteArrayList<>(Collections.nCopies(managers.size(), -1L));
		}

		void start() {
			this.start = System.nanoTime();
			this.sampler.scheduleAtFixedRate(this::sample, 0, 10, TimeUnit.MILLISECONDS);
		}

		long elapsedMillis() {
			return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.start);
		}

		@Override
		public void close() throws InterruptedException {
			this.sampler.shutdownNow();
			this.sampler.awaitTermination(5, TimeUnit.SECONDS);
		}

		private void sample() {
			long now = elapsedMillis();
			for (int i = 0; i < this.managers.size(); i++) {
				if (!"CLOSED".equals(this.managers.get(i).remoteStatus().circuitState())) {
					if (this.firstOpen.get(i) < 0) {
						this.firstOpen.set(i, now);
					}
					this.lastOpen.set(i, now);
				}
			}
		}

	}

	/**
	 * Threads on every node that read every warm key and one new key per round in a loop,
	 * and record what is not the expected value. The loader's value is the one that was
	 * put.
	 */
	private static final class Readers implements AutoCloseable {

		final List<Throwable> errors = new CopyOnWriteArrayList<>();

		final List<String> wrong = new CopyOnWriteArrayList<>();

		final Map<String, AtomicInteger> warmLoads = new ConcurrentHashMap<>();

		final AtomicInteger freshLoads = new AtomicInteger();

		final AtomicInteger freshReads = new AtomicInteger();

		private final List<SwrCache<String, String>> caches;

		private final ExecutorService threads;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong reads = new AtomicLong();

		private final List<Future<?>> futures = new ArrayList<>();

		Readers(List<SwrCache<String, String>> caches) {
			this.caches = caches;
			this.threads = Executors.newFixedThreadPool(caches.size() * READERS_PER_NODE);
		}

		void start() {
			CountDownLatch started = new CountDownLatch(1);
			for (int node = 0; node < this.caches.size(); node++) {
				for (int i = 0; i < READERS_PER_NODE; i++) {
					SwrCache<String, String> cache = this.caches.get(node);
					String reader = "fresh-" + node + "-" + i + "-";
					this.futures.add(this.threads.submit(() -> {
						started.await();
						readUntilStopped(cache, reader);
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
			await().atMost(Duration.ofSeconds(20)).until(() -> this.reads.get() >= count);
		}

		void stop() throws Exception {
			if (this.running.getAndSet(false)) {
				for (Future<?> future : this.futures) {
					future.get(10, TimeUnit.SECONDS);
				}
				this.threads.shutdown();
			}
		}

		@Override
		public void close() {
			this.running.set(false);
			this.threads.shutdownNow();
		}

		private void readUntilStopped(SwrCache<String, String> cache, String reader) throws InterruptedException {
			for (int round = 0; this.running.get(); round++) {
				for (String key : WARM_KEYS) {
					read(cache, key,
							() -> this.warmLoads.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet());
				}
				this.freshReads.incrementAndGet();
				read(cache, reader + round, this.freshLoads::incrementAndGet);
				// Readers that never yield would starve the promotion on a small machine.
				Thread.sleep(1);
			}
		}

		private void read(SwrCache<String, String> cache, String key, Runnable onLoad) {
			try {
				String value = cache.get(key, (k) -> {
					onLoad.run();
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

	}

}

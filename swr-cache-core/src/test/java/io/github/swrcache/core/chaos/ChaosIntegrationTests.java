package io.github.swrcache.core.chaos;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.github.swrcache.core.CachePolicy;
import io.github.swrcache.core.CacheStatistics;
import io.github.swrcache.core.CircuitBreakerSettings;
import io.github.swrcache.core.LoadContext;
import io.github.swrcache.core.RemoteOptions;
import io.github.swrcache.core.RemoteStatus;
import io.github.swrcache.core.SwrCache;
import io.github.swrcache.core.SwrCacheManager;
import io.github.swrcache.core.testsupport.RedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chaos and soak run: four nodes (four managers, each with its own Lettuce client and
 * in-process tier) read, put, invalidate and tag-invalidate a few hundred keys from real
 * threads against a redis-server this test starts, while faults are injected on a
 * schedule: Redis killed and restarted on its port, {@code CLIENT PAUSE}, the pub/sub
 * connections killed, loader error bursts, loader latency spikes, and garbage written
 * under cache keys. Every operation checks the invariants of {@link ChaosLedger} as it
 * happens; thread, connection and heap counts are compared before and after.
 * <p>
 * Short form (60 s) in {@code ./mvnw -B verify}; long form with, for example,
 * {@code ./mvnw -B -pl swr-cache-core verify -Dit.test=ChaosIntegrationTests -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dswr.chaos.duration=10m}. The seed of the
 * schedule and the workers is {@code -Dswr.chaos.seed} (default 8).
 */
class ChaosIntegrationTests {

	static final int NODES = 4;

	static final int WORKERS_PER_NODE = 4;

	static final int KEYS = 300;

	static final int TAG_GROUPS = 10;

	static final Duration TTL = Duration.ofSeconds(1);

	static final Duration LOCAL_MAX_TTL = Duration.ofSeconds(5);

	/**
	 * How long after a fault ends its effects (reconnects, resynchronization) may last.
	 */
	static final long FAULT_GRACE_MILLIS = 3_000;

	/** How long after a node was seen unsettled its resynchronization may still run. */
	static final long NODE_GRACE_MILLIS = 1_500;

	private static final CircuitBreakerSettings FAST_CIRCUIT = new CircuitBreakerSettings(50, 80,
			Duration.ofMillis(200), 10, 5, Duration.ofMillis(500), 2);

	private final CachePolicy policy = CachePolicy.builder()
		.ttl(TTL)
		.staleWhileRevalidate(Duration.ofSeconds(2))
		.staleIfError(Duration.ofMinutes(30))
		.failSafeThrottle(Duration.ofSeconds(1))
		.jitter(0)
		.build();

	private final String prefix = "chaos" + UUID.randomUUID().toString().substring(0, 6);

	private final Duration duration = duration(System.getProperty("swr.chaos.duration", "60s"));

	private final long seed = Long.getLong("swr.chaos.seed", 8);

	private final ChaosLedger ledger = new ChaosLedger(NODES, TTL.toMillis(), LOCAL_MAX_TTL.toMillis());

	private final Map<Fault, AtomicInteger> faults = new EnumMap<>(Fault.class);

	private final List<SwrCacheManager> managers = new ArrayList<>();

	private final List<SwrCache<String, String>> caches = new ArrayList<>();

	private final List<RedisClient> clients = new ArrayList<>();

	private final AtomicLong loaderErrorsUntil = new AtomicLong();

	private final AtomicLong latencySpikeUntil = new AtomicLong();

	private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());

	private final ScheduledExecutorService judge = Executors.newSingleThreadScheduledExecutor();

	private volatile boolean running = true;

	private volatile boolean monitoring = true;

	private RedisServer redis;

	private ClientResources resources;

	private RedisClient adminClient;

	private StatefulRedisConnection<byte[], byte[]> admin;

	@BeforeEach
	void start() {
		for (Fault fault : Fault.values()) {
			this.faults.put(fault, new AtomicInteger());
		}
		this.redis = RedisServer.start();
		this.resources = DefaultClientResources.builder()
			.reconnectDelay(Delay.constant(Duration.ofMillis(100)))
			.build();
		this.adminClient = client();
		this.admin = this.adminClient.connect(ByteArrayCodec.INSTANCE);
		for (int i = 0; i < NODES; i++) {
			SwrCacheManager manager = SwrCacheManager.builder()
				.nodeId("node-" + i)
				.localMaxTtl(LOCAL_MAX_TTL)
				.remote(client(),
						RemoteOptions.builder()
							.keyPrefix(this.prefix)
							.lockWait(Duration.ofSeconds(2))
							.circuitBreaker(FAST_CIRCUIT)
							.build())
				.build();
			this.managers.add(manager);
			this.caches.add(manager.cache("chaos", String.class, this.policy));
		}
	}

	private RedisClient client() {
		RedisClient client = RedisClient.create(this.resources, this.redis.uri());
		client.setOptions(ClientOptions.builder().autoReconnect(true).build());
		this.clients.add(client);
		return client;
	}

	@AfterEach
	void stop() {
		this.running = false;
		this.monitoring = false;
		this.judge.shutdownNow();
		this.managers.forEach(SwrCacheManager::close);
		this.admin.close();
		this.clients.forEach(RedisClient::shutdown);
		this.resources.shutdown();
		this.redis.close();
	}

	@Test
	// The run bounds its own waits (the schedule by its duration plus a minute, every
	// other wait by seconds); the suite's default timeout would cut the long form.
	@Timeout(value = 1, unit = TimeUnit.DAYS)
	void invariantsHoldWhileFaultsAreInjected() throws Exception {
		ExecutorService workers = Executors.newFixedThreadPool(NODES * WORKERS_PER_NODE + 2);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<?>> tasks = new ArrayList<>();
		AtomicLong operations = new AtomicLong();
		for (int n = 0; n < NODES; n++) {
			for (int w = 0; w < WORKERS_PER_NODE; w++) {
				int node = n;
				Random random = new Random(this.seed * 1_000 + n * 100 + w);
				tasks.add(workers.submit(() -> {
					go.await();
					while (this.running) {
						operate(node, random);
						operations.incrementAndGet();
						// A little room for Redis and the other helpers' builds on 2
						// cores.
						LockSupport.parkNanos(300_000);
					}
					return null;
				}));
			}
		}
		tasks.add(workers.submit(this::monitor));
		go.countDown();

		// Warm-up: every key loaded, lazily created threads and connections exist.
		Thread.sleep(3_000);
		Footprint before = footprint();
		long opsBefore = operations.get();
		long started = System.currentTimeMillis();
		Future<?> schedule = workers.submit(() -> {
			injectFaults(started + this.duration.toMillis());
			return null;
		});
		schedule.get(this.duration.toMillis() + 60_000, TimeUnit.MILLISECONDS);
		long faultEnd = System.currentTimeMillis();
		// Calm tail: the invariants keep being checked while everything recovers.
		Thread.sleep(FAULT_GRACE_MILLIS + 2_000);
		this.running = false;
		// The workers' last operations (a lock wait lasts up to 2 s) are still judged
		// with
		// the monitor watching.
		for (Future<?> task : tasks.subList(0, tasks.size() - 1)) {
			task.get(30, TimeUnit.SECONDS);
		}
		Thread.sleep(1_000);
		this.monitoring = false;
		tasks.get(tasks.size() - 1).get(10, TimeUnit.SECONDS);
		workers.shutdown();
		long ops = operations.get() - opsBefore;
		long elapsed = System.currentTimeMillis() - started;
		awaitSettled();
		this.judge.shutdown();
		assertThat(this.judge.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		Footprint after = footprint();

		report(ops, elapsed, faultEnd - started, before, after);
		assertThat(this.ledger.violations()).as("invariant violations").isEmpty();
		assertThat(this.ledger.count("reads.ok", 0)).isGreaterThan(1_000);
		assertThat(this.faults.values()).allSatisfy((count) -> assertThat(count).hasPositiveValue());
		// Each kind of thread is bounded by design, not by the run's length: load threads
		// by twice the callers that can wait for an off-thread load at once (a load that
		// a bus message detached, or that its callers left at their timeout, still runs
		// while they start the next one; idle threads of the cached pool end after 60 s),
		// refresh threads by their pools; every other kind may differ by a thread or two
		// (Lettuce event loops started lazily).
		after.threads.forEach((kind, count) -> {
			int was = before.threads.getOrDefault(kind, 0);
			int allowed = kind.startsWith("swr-cache-load") ? 2 * NODES * WORKERS_PER_NODE
					: kind.startsWith("swr-cache-refresh") ? NODES * SwrCacheManager.Builder.DEFAULT_REFRESH_THREADS
							: was + 2;
			assertThat(count).as("threads '%s' (before %d)", kind, was).isLessThanOrEqualTo(allowed);
		});
		assertThat(after.clients).as("Redis client connections").isEqualTo(before.clients);
		// The caches hold at most KEYS entries per node and the ledger keeps bounded
		// history per key: what remains after GC must not grow with the run. 32 MB covers
		// the noise of a heap measurement after System.gc() (G1 regions, TLABs).
		assertThat(after.heapBytes).as("heap after GC").isLessThan(before.heapBytes + 32L * 1024 * 1024);
	}

	private void operate(int node, Random random) {
		SwrCache<String, String> cache = this.caches.get(node);
		int index = random.nextInt(KEYS);
		String key = "k" + index;
		// Per 100,000 operations (about 10,000 a second): 200 puts, 215 invalidations and
		// 5 tag invalidations (30 keys each), so that a key is written every few seconds,
		// several ttl periods, and most loads are judged by the one-load-per-window rule.
		int dice = random.nextInt(100_000);
		if (dice < 99_580) {
			read(node, cache, key);
		}
		else if (dice < 99_780) {
			write(node, key, (version) -> cache.put(key, key + "#" + version, List.of(tagOf(index))), "put");
		}
		else if (dice < 99_995) {
			write(node, key, (version) -> cache.invalidate(key), "invalidate");
		}
		else {
			invalidateTag(node, cache, index % TAG_GROUPS);
		}
	}

	private void read(int node, SwrCache<String, String> cache, String key) {
		long start = System.currentTimeMillis();
		try {
			String value = cache.get(key, (String k, LoadContext<String> context) -> load(node, k, context));
			this.ledger.readReturned(node, key, value, start, System.currentTimeMillis());
		}
		catch (RuntimeException ex) {
			Runnable judgement = this.ledger.readFailed(node, key, start, System.currentTimeMillis(), ex);
			this.judge.schedule(judgement, 300, TimeUnit.MILLISECONDS);
		}
	}

	private String load(int node, String key, LoadContext<String> context) throws InterruptedException {
		long start = System.currentTimeMillis();
		this.ledger.count("loader.calls");
		if (start < this.loaderErrorsUntil.get()) {
			this.ledger.count("loader.injected-errors");
			throw new IllegalStateException("injected loader error for " + key);
		}
		if (start < this.latencySpikeUntil.get()) {
			this.ledger.count("loader.slowed");
			Thread.sleep(200 + ThreadLocalRandom.current().nextInt(600));
		}
		context.addTags(tagOf(Integer.parseInt(key.substring(1))));
		long version = this.ledger.version(key);
		this.judge.schedule(this.ledger.loaded(node, key, start, System.currentTimeMillis()), 300,
				TimeUnit.MILLISECONDS);
		return key + "#" + version;
	}

	private void write(int node, String key, VersionedWrite write, String what) {
		ChaosLedger.KeyState state = this.ledger.key(key);
		state.writeLock.lock();
		try {
			long start = System.currentTimeMillis();
			long version = this.ledger.beginWrite(key);
			try {
				write.apply(version);
			}
			catch (RuntimeException ex) {
				this.ledger.violation("writes do not throw", "node " + node + " " + what + " " + key + ": " + ex);
			}
			finally {
				this.ledger.endWrite(node, key, start, System.currentTimeMillis(), version, what);
			}
		}
		finally {
			state.writeLock.unlock();
		}
	}

	private void invalidateTag(int node, SwrCache<String, String> cache, int group) {
		List<String> members = new ArrayList<>();
		for (int i = group; i < KEYS; i += TAG_GROUPS) {
			members.add("k" + i);
		}
		// In key order, as every writer of one key takes just that key's lock.
		members.forEach((key) -> this.ledger.key(key).writeLock.lock());
		try {
			long start = System.currentTimeMillis();
			List<Long> versions = new ArrayList<>();
			members.forEach((key) -> versions.add(this.ledger.beginWrite(key)));
			try {
				cache.invalidateTag(tagOf(group));
			}
			catch (RuntimeException ex) {
				this.ledger.violation("writes do not throw", "node " + node + " invalidateTag " + group + ": " + ex);
			}
			finally {
				long end = System.currentTimeMillis();
				for (int i = 0; i < members.size(); i++) {
					this.ledger.endWrite(node, members.get(i), start, end, versions.get(i), "invalidate-tag-member");
				}
				this.ledger.count("writes.invalidate-tag");
			}
		}
		finally {
			members.forEach((key) -> this.ledger.key(key).writeLock.unlock());
		}
	}

	private static String tagOf(int index) {
		return "g" + (index % TAG_GROUPS);
	}

	/**
	 * Watches every node every 25 ms: a circuit not closed, a lost connection or a bus
	 * re-subscription may drop in-process tiers (turbulence); Redis errors and bypasses
	 * are hiccups that explain extra loads.
	 */
	private Void monitor() throws InterruptedException {
		int[] resubscriptions = new int[NODES];
		long redisTrouble = 0;
		while (this.monitoring) {
			long now = System.currentTimeMillis();
			long trouble = 0;
			for (int n = 0; n < NODES; n++) {
				RemoteStatus status = this.managers.get(n).remoteStatus();
				boolean resubscribed = status.busResubscriptions() != resubscriptions[n];
				resubscriptions[n] = status.busResubscriptions();
				if (!status.connected() || !"CLOSED".equals(status.circuitState()) || !status.busSubscribed()
						|| resubscribed || status.pendingInvalidations() > 0) {
					this.ledger.turbulence.mark(now - 50, now + NODE_GRACE_MILLIS);
				}
				CacheStatistics statistics = this.caches.get(n).statistics();
				trouble += statistics.remoteErrors() + statistics.remoteBypassed() + statistics.lockWaitTimeouts();
			}
			if (trouble != redisTrouble) {
				this.ledger.hiccups.mark(now - 50, now + 500);
				redisTrouble = trouble;
			}
			Thread.sleep(25);
		}
		return null;
	}

	/**
	 * Redis faults alternate with loader and data faults, and each Redis fault is
	 * followed by its grace period, so that loader errors and garbage also hit calm
	 * phases, where every invariant is judged.
	 */
	private void injectFaults(long until) throws InterruptedException {
		Random random = new Random(this.seed);
		List<Fault> redisFaults = new ArrayList<>(
				List.of(Fault.REDIS_KILLED, Fault.CLIENT_PAUSED, Fault.PUBSUB_KILLED));
		List<Fault> otherFaults = new ArrayList<>(List.of(Fault.LOADER_ERRORS, Fault.LOADER_LATENCY, Fault.GARBAGE));
		while (System.currentTimeMillis() < until) {
			Collections.shuffle(redisFaults, random);
			Collections.shuffle(otherFaults, random);
			for (int i = 0; i < redisFaults.size() && System.currentTimeMillis() < until; i++) {
				Thread.sleep(1_000 + random.nextInt(1_500));
				inject(redisFaults.get(i), random);
				Thread.sleep(FAULT_GRACE_MILLIS + random.nextInt(1_000));
				inject(otherFaults.get(i), random);
			}
		}
	}

	private void inject(Fault fault, Random random) throws InterruptedException {
		this.faults.get(fault).incrementAndGet();
		long at = System.currentTimeMillis();
		try {
			injectNow(fault, random);
		}
		finally {
			this.timeline.add(fault + " " + at + "-" + System.currentTimeMillis());
		}
	}

	private void injectNow(Fault fault, Random random) throws InterruptedException {
		long length = 500 + random.nextInt(1_000);
		switch (fault) {
			case REDIS_KILLED -> {
				long start = this.ledger.turbulence.begin(System.currentTimeMillis());
				this.redis.kill();
				Thread.sleep(length);
				this.redis.restart();
				this.ledger.turbulence.end(start, System.currentTimeMillis() + FAULT_GRACE_MILLIS);
			}
			case CLIENT_PAUSED -> {
				long start = this.ledger.turbulence.begin(System.currentTimeMillis());
				adminCommand((commands) -> commands.clientPause(length));
				Thread.sleep(length);
				this.ledger.turbulence.end(start, System.currentTimeMillis() + FAULT_GRACE_MILLIS);
			}
			case PUBSUB_KILLED -> {
				long start = this.ledger.turbulence.begin(System.currentTimeMillis());
				adminCommand((commands) -> commands.clientKill(KillArgs.Builder.typePubsub()));
				Thread.sleep(200);
				this.ledger.turbulence.end(start, System.currentTimeMillis() + FAULT_GRACE_MILLIS);
			}
			case LOADER_ERRORS -> {
				this.loaderErrorsUntil.set(System.currentTimeMillis() + length);
				Thread.sleep(length);
			}
			case LOADER_LATENCY -> {
				long start = this.ledger.spikes.begin(System.currentTimeMillis());
				this.latencySpikeUntil.set(System.currentTimeMillis() + length);
				Thread.sleep(length);
				// A slowed load may end up to 800 ms after the spike.
				this.ledger.spikes.end(start, System.currentTimeMillis() + 1_000);
			}
			case GARBAGE -> {
				byte[] garbage = new byte[1 + random.nextInt(300)];
				for (int i = 0; i < 20; i++) {
					String key = "k" + random.nextInt(KEYS);
					random.nextBytes(garbage);
					this.ledger.garbage(key, System.currentTimeMillis());
					adminCommand((commands) -> commands.set(dataKey(key), garbage));
				}
			}
		}
	}

	private byte[] dataKey(String key) {
		return (this.prefix + ":chaos:1:{" + key + "}").getBytes(StandardCharsets.UTF_8);
	}

	private void adminCommand(java.util.function.Function<RedisCommands<byte[], byte[]>, ?> command) {
		try {
			command.apply(this.admin.sync());
		}
		catch (RuntimeException ex) {
			// Redis may be down or paused by an earlier fault: the fault is then skipped.
			this.ledger.count("faults.admin-command-failed");
		}
	}

	private void awaitSettled() {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (SwrCacheManager manager : this.managers) {
				RemoteStatus status = manager.remoteStatus();
				assertThat(status.connected()).isTrue();
				assertThat(status.circuitState()).isEqualTo("CLOSED");
				assertThat(status.busSubscribed()).isTrue();
				assertThat(status.pendingInvalidations()).isZero();
			}
		});
	}

	private Footprint footprint() {
		Map<String, Integer> threads = new TreeMap<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.isAlive()) {
				threads.merge(thread.getName().replaceAll("[-#\\d]+$", ""), 1, Integer::sum);
			}
		}
		long clients = await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> clientCount(), (count) -> count > 0);
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return new Footprint(threads, clients, memory.getHeapMemoryUsage().getUsed());
	}

	private long clientCount() {
		try {
			return this.admin.sync().clientList().lines().count();
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	private void report(long ops, long elapsedMillis, long faultMillis, Footprint before, Footprint after) {
		StringBuilder out = new StringBuilder("\n=== swr-cache chaos run ===\n");
		out.append(String.format("seed %d, fault phase %.1f s, measured %.1f s, %d nodes x %d workers, %d keys%n",
				this.seed, faultMillis / 1000.0, elapsedMillis / 1000.0, NODES, WORKERS_PER_NODE, KEYS));
		out.append(String.format("operations %d (%.0f/s)%n", ops, ops * 1000.0 / elapsedMillis));
		new TreeMap<>(this.ledger.counts)
			.forEach((name, count) -> out.append("  ").append(name).append(' ').append(count.sum()).append('\n'));
		out.append("faults injected: ").append(this.faults).append('\n');
		out.append("fault timeline (epoch ms): ").append(this.timeline).append('\n');
		out.append(String.format("turbulence %.1f s in %d periods; redis hiccups %d periods; spikes %d%n",
				this.ledger.turbulence.totalMillis() / 1000.0, this.ledger.turbulence.count(),
				this.ledger.hiccups.count(), this.ledger.spikes.count()));
		out.append("max lag of an older value after a returned write: calm ")
			.append(this.ledger.maxLagCalm.get())
			.append(" ms, with turbulence ")
			.append(this.ledger.maxLagTurbulent.get())
			.append(" ms\n");
		long decodeFailures = this.caches.stream().mapToLong((c) -> c.statistics().decodeFailures()).sum();
		long failSafe = this.caches.stream().mapToLong((c) -> c.statistics().failSafeServed()).sum();
		long stale = this.caches.stream().mapToLong((c) -> c.statistics().staleServed()).sum();
		out.append(String.format("cache statistics: stale served %d, fail-safe served %d, decode failures %d%n", stale,
				failSafe, decodeFailures));
		out.append("violations: ")
			.append(this.ledger.violationCount())
			.append(' ')
			.append(this.ledger.violationCounts)
			.append('\n');
		this.ledger.violations().forEach((violation) -> out.append("  ").append(violation).append('\n'));
		out.append("threads before ").append(before.threads).append('\n');
		out.append("threads after  ").append(after.threads).append('\n');
		out.append(String.format("redis clients before %d after %d; heap after GC before %.1f MB after %.1f MB%n",
				before.clients, after.clients, before.heapBytes / 1048576.0, after.heapBytes / 1048576.0));
		System.out.println(out);
	}

	static Duration duration(String text) {
		String trimmed = text.trim();
		return trimmed.startsWith("P") ? Duration.parse(trimmed) : Duration.parse("PT" + trimmed.toUpperCase());
	}

	enum Fault {

		REDIS_KILLED, CLIENT_PAUSED, PUBSUB_KILLED, LOADER_ERRORS, LOADER_LATENCY, GARBAGE

	}

	@FunctionalInterface
	interface VersionedWrite {

		void apply(long version);

	}

	record Footprint(Map<String, Integer> threads, long clients, long heapBytes) {
	}

}
